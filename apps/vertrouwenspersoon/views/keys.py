"""The counsellor's key: make it, unlock it for this session, recover it.

A key pair is made once, locked with the counsellor's password; the recovery key is
shown once, in the response to that POST, and stored nowhere. Without the password
(after a reset) only the recovery key opens it again; without either, the content of
the counsellor's cases is lost for them.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.access import access, role
from apps.core.sealing import Locked
from apps.vertrouwenspersoon import keys, services, unlocking
from apps.vertrouwenspersoon.forms_keys import (
    KeyRecoverForm,
    KeySetupForm,
    KeyUnlockForm,
    PreviousRecoveryForm,
)

COUNSELLOR = role(Role.COUNSELLOR)


def _next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, {request.get_host()}):
        return candidate
    return "vertrouwenspersoon:case-list"


def _page(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context.setdefault("uses_password", user.has_usable_password())
    response = render(request, "vertrouwenspersoon/key.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@access(COUNSELLOR)
@never_cache
def key(request: HttpRequest) -> HttpResponse:
    """Make the key pair (first visit) or unlock it for this session."""
    user: User = request.user  # type: ignore[assignment]
    posted = request.POST if request.method == "POST" else None
    if not keys.has_key_pair(user):
        form = KeySetupForm(posted, user=user)
        if form.is_valid():
            recovery = keys.key_pair_create(counsellor=user, secret=form.cleaned_data["password"])
            unlocking.counsellor_unlock(request, user, form.cleaned_data["password"])
            return _page(request, {"state": "made", "recovery": recovery})
        return _page(request, {"state": "none", "form": form})
    if unlocking.counsellor_private_key(request) is not None and posted is None:
        return _page(request, {"state": "open"})
    unlock = KeyUnlockForm(posted, user=user)
    if unlock.is_valid():
        if unlocking.counsellor_unlock(request, user, unlock.cleaned_data["password"]):
            return redirect(_next(request))
        if not unlock.uses_password:
            unlock.add_error("password", _("This passphrase does not open your key."))
            return _page(request, {"state": "locked", "form": unlock})
        return _page(request, {"state": "stale"})
    return _page(request, {"state": "locked", "form": unlock})


@access(COUNSELLOR)
@never_cache
def key_recover(request: HttpRequest) -> HttpResponse:
    """The recovery key opens the private key; it is locked again with the current password."""
    user: User = request.user  # type: ignore[assignment]
    form = KeyRecoverForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        try:
            private_key = keys.private_key_with_recovery(user, form.cleaned_data["recovery"])
        except Locked:
            form.add_error("recovery", _("This recovery key does not open your key. Check it and try again."))
        else:
            keys.private_key_rewrap(
                counsellor=user, private_key=private_key, secret=form.cleaned_data["password"]
            )
            unlocking.remember_private_key(request, private_key)
            services.audit_key_recovered(counsellor=user)
            return redirect(_next(request))
    return _page(request, {"state": "recover", "form": form})


@access(COUNSELLOR)
@never_cache
def key_previous(request: HttpRequest) -> HttpResponse:
    """Open cases reassigned to this counsellor with the previous counsellor's recovery key."""
    user: User = request.user  # type: ignore[assignment]
    form = PreviousRecoveryForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        opened = services.reports_reseal_with_recovery(
            counsellor=user, recovery=form.cleaned_data["recovery"]
        )
        if opened:
            return _page(request, {"state": "resealed", "count": opened})
        form.add_error("recovery", _("This recovery key opens none of your locked cases."))
    return _page(request, {"state": "previous", "form": form})
