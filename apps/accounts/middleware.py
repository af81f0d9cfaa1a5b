"""Session rules on every request: logout after inactivity, and no page before the second factor."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .policy import TwoFactorStep, two_factor_step
from .roles import Role

LAST_ACTIVITY_KEY = "portal_last_activity"
# The stamp is written at most this often, so most requests leave the session unsaved.
STAMP_INTERVAL_SECONDS = 60


def idle_limit_minutes(user: Any) -> int:
    if user.has_role(Role.COUNSELLOR):
        return int(settings.PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES)
    return int(settings.PORTAL_SESSION_IDLE_MINUTES)


class IdleSessionMiddleware:
    """Ends a session after PORTAL_SESSION_IDLE_MINUTES without a request (counsellors:
    PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES) and sends the user to the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        now = int(time.time())
        if request.user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY_KEY)
            limit = idle_limit_minutes(request.user)
            if isinstance(last, int) and now - last > limit * 60:
                return self._logged_out(request, limit)
        response = self.get_response(request)
        # Stamped after the view, so the login request itself starts the clock.
        if request.user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY_KEY)
            if not isinstance(last, int) or not 0 <= now - last < STAMP_INTERVAL_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return response

    def _logged_out(self, request: HttpRequest, minutes: int) -> HttpResponseBase:
        logout(request)
        messages.info(
            request,
            _("You were logged out because you were inactive for %(minutes)s minutes. Please log in again.")
            % {"minutes": minutes},
        )
        next_path = request.get_full_path() if request.method == "GET" else None
        return redirect_to_login(next_path) if next_path else redirect(settings.LOGIN_URL)


# Pages a session may reach before its second factor (url names).
TWO_FACTOR_OPEN = frozenset({"two_factor_verify", "two_factor_setup", "logout", "set_language"})


class TwoFactorMiddleware:
    """Must come after django_otp's OTPMiddleware. A signed-in session that is not
    OTP-verified reaches only the code page (users with an authenticator app), the setup
    page (users whose role requires two-factor login but who have no app yet), logout and
    the language switch; everything else redirects there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_OPEN and not match.namespace:
            return None
        step = two_factor_step(request.user)
        if step is TwoFactorStep.NONE:
            return None
        target = reverse("two_factor_verify" if step is TwoFactorStep.VERIFY else "two_factor_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
