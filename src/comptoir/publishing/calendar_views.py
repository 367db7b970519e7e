"""The calendar (month and week), and moving a post by dragging it or with a form."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.publishing import calendar_grid, labels, rescheduling
from comptoir.publishing.models import Post
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role

HOURS = range(24)


def today_in(request: WorkspaceRequest) -> date:
    return timezone.now().astimezone(request.workspace.tzinfo).date()


def month_start(raw: str | None, fallback: date) -> date:
    try:
        year, number = (int(part) for part in (raw or "").split("-"))
        return date(year, number, 1)
    except ValueError:
        return fallback.replace(day=1)


def week_start(raw: str | None, fallback: date) -> date:
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        day = fallback
    return day - timedelta(days=day.weekday())


@workspace_view()
def month(request: WorkspaceRequest) -> HttpResponse:
    first = month_start(request.GET.get("month"), today_in(request))
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    weeks = calendar_grid.month(request.workspace, first.year, first.month)
    return render(
        request,
        "publishing/calendar_month.html",
        {
            "first": first,
            "weeks": weeks,
            "days": [day for row in weeks for day in row if day.in_range],
            "has_entries": any(day.entries for row in weeks for day in row if day.in_range),
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "can_move": request.membership.has_role(Role.MEMBER),
            "tab": "calendar",
        },
    )


@workspace_view()
def week(request: WorkspaceRequest) -> HttpResponse:
    monday = week_start(request.GET.get("week"), today_in(request))
    days = calendar_grid.week(request.workspace, monday)
    rows = [(hour, [(day, day.at_hour(hour)) for day in days]) for hour in HOURS]
    return render(
        request,
        "publishing/calendar_week.html",
        {
            "monday": monday,
            "days": days,
            "rows": rows,
            "has_entries": any(day.entries for day in days),
            "previous": (monday - timedelta(days=7)).isoformat(),
            "following": (monday + timedelta(days=7)).isoformat(),
            "can_move": request.membership.has_role(Role.MEMBER),
            "tab": "calendar",
        },
    )


class MoveForm(forms.Form):
    # A date input only accepts ISO values: without the format, French pages would fill
    # it with "28/11/2026", which the browser drops, leaving the field empty.
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Leave empty to keep the same time of day."),
    )


def wants_json(request: WorkspaceRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def back_to(request: WorkspaceRequest, post: Post) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return reverse("publishing:detail", args=[request.workspace.slug, post.pk])


@workspace_view(Role.MEMBER)
def move(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    """Move a post: the calendar's drag and drop posts here, and so does the form."""
    post = get_scoped(Post, request.workspace, pk=post_id)
    tz = request.workspace.tzinfo
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            try:
                when = rescheduling.new_time(
                    post, form.cleaned_data["date"], form.cleaned_data["time"]
                )
                rescheduling.move(post, when)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                local = when.astimezone(tz)
                text = _("The post is moved to %(date)s at %(time)s.") % {
                    "date": labels.local_date(local),
                    "time": labels.local_time(local),
                }
                if wants_json(request):
                    return JsonResponse({"ok": True, "message": text})
                messages.success(request, text)
                return redirect(back_to(request, post))
        if wants_json(request):
            errors = [str(e) for errs in form.errors.values() for e in errs]
            return JsonResponse({"ok": False, "message": " ".join(errors)}, status=400)
    else:
        initial = {}
        if post.scheduled_at is not None:
            local = post.scheduled_at.astimezone(tz)
            initial = {"date": local.date(), "time": local.time().replace(second=0)}
        form = MoveForm(initial=initial)
    return render(
        request,
        "publishing/move.html",
        {"post": post, "form": form, "next": back_to(request, post)},
    )
