"""Sign-in, profile and password pages; the heavy lifting is Django's own auth views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.accounts.auth import signed_in_user
from comptoir.accounts.forms import ProfileForm, SignInForm

PASSWORD_CHANGE_TITLE = gettext_lazy("Change your password")


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Say it in the language of the next page: the one chosen, else the browser's
        # again (the middleware spoke the language the user had until now).
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def locked_out(request: HttpRequest, credentials: object = None, *args: object) -> HttpResponse:
    """Shown by django-axes when too many sign-in attempts failed for an address."""
    from django.conf import settings

    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
