"""django-axes hooks: the lockout page and the client address behind trusted proxies."""

from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Our page in the portal layout (axes' default is a bare English sentence).

    It reads the same whether or not the username exists, and does not repeat it.
    A session half-way through the two-factor step is ended.
    """
    if request.user.is_authenticated:
        logout(request)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": lockout_minutes()},
        status=int(getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)),
    )


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with PORTAL_TRUSTED_PROXY_COUNT proxies in front the address the
    outermost trusted proxy saw (entries further left in X-Forwarded-For can be forged)."""
    proxies = int(settings.PORTAL_TRUSTED_PROXY_COUNT)
    if proxies > 0:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
