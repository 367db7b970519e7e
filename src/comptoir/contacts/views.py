"""The people the business talks with: the list, one person's page, and editing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.contacts.forms import ConsentForm, NoteForm, PersonForm
from comptoir.contacts.listing import Filters, people
from comptoir.contacts.models import Consent, Event, EventKind, Person, Tag
from comptoir.contacts.timeline import timeline
from comptoir.core.networks import Network
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET)
    page = Paginator(people(request.workspace, filters), 50).get_page(request.GET.get("page"))
    tags = Tag.objects.for_workspace(request.workspace).filter(people__isnull=False).distinct()
    return render(
        request,
        "contacts/index.html",
        {
            "page": page,
            "filters": filters,
            "query_prefix": filters.query_prefix(),
            "tags": tags,
            "networks": Network.choices,
            "can_manage": request.membership.has_role(Role.MANAGER),
        },
    )


@workspace_view()
def person(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    found = get_scoped(Person, request.workspace, pk=person_id)
    return _render_person(request, found)


def _render_person(
    request: WorkspaceRequest,
    found: Person,
    *,
    form: PersonForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = Paginator(timeline(found, request.workspace), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/person.html",
        {
            "person": found,
            "identities": found.identities.all(),
            "tags": found.tags.all(),
            "page": entries,
            "query_prefix": "",
            "form": form or PersonForm(instance=found),
            "consent_form": ConsentForm(initial={"consent": found.consent}),
            "note_form": note_form or NoteForm(),
            "can_edit": request.membership.has_role(Role.MEMBER),
            "can_manage": request.membership.has_role(Role.MANAGER),
        },
        status=status,
    )


@require_POST
@workspace_view(Role.MEMBER)
def edit(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    found = get_scoped(Person, request.workspace, pk=person_id)
    form = PersonForm(request.POST, instance=found)
    if not form.is_valid():
        return _render_person(request, found, form=form, status=400)
    form.save()
    form.save_tags()
    messages.success(request, _("Saved."))
    return redirect("contacts:person", request.workspace.slug, found.pk)


@require_POST
@workspace_view(Role.MEMBER)
def consent(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    found = get_scoped(Person, request.workspace, pk=person_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the consent answers."))
        return redirect("contacts:person", request.workspace.slug, found.pk)
    found.consent = form.cleaned_data["consent"]
    found.consent_at = timezone.now()
    found.consent_by = request.membership
    found.save(update_fields=["consent", "consent_at", "consent_by"])
    Event.objects.create(
        workspace=request.workspace,
        person=found,
        kind=EventKind.CONSENT,
        author=request.membership,
        text=str(Consent(found.consent).label),
    )
    messages.success(request, _("Consent recorded."))
    return redirect("contacts:person", request.workspace.slug, found.pk)


@require_POST
@workspace_view(Role.MEMBER)
def add_note(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    found = get_scoped(Person, request.workspace, pk=person_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_person(request, found, note_form=form, status=400)
    Event.objects.create(
        workspace=request.workspace,
        person=found,
        kind=EventKind.NOTE,
        author=request.membership,
        text=form.cleaned_data["text"],
    )
    messages.success(request, _("Note added to the timeline."))
    return redirect("contacts:person", request.workspace.slug, found.pk)
