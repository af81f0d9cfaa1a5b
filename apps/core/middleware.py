from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class PortalLocaleMiddleware:
    """Dutch for everyone unless they chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    English browser would get English; a Dutch intranet starts in Dutch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Restores the thread's language afterwards: nothing after this request (a task run
        # in-process, the next request) inherits this visitor's choice.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """No browser or proxy keeps a copy of a portal page: `Cache-Control: no-store, private`.

    Every dynamic response gets it (pages, redirects, error pages, downloads, feeds),
    unless the view already said `no-store` itself (`never_cache` does, and adds more).
    A page about a melding must not come back from the disk cache of a shared computer
    or from the browser's back button after logging out. Static files never reach this
    middleware: WhiteNoise, listed before it, answers them with its own long-lived headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", "").lower():
            response["Cache-Control"] = "no-store, private"
        return response


class AnonymousZoneMiddleware:
    """Pages where nobody is signed in, whoever's browser asks (the anonymous melding).

    Before the session middleware it drops the session and vault cookies from requests to
    PORTAL_ANONYMOUS_PATHS: the page sees an anonymous visitor, nothing reads or writes the
    visitor's session (no idle stamp, no login record), and the browser's own session is
    left as it was. Whether someone was signed in while sending an anonymous melding then
    changes nothing that is stored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(tuple(settings.PORTAL_ANONYMOUS_PATHS)):
            request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
            request.COOKIES.pop("portal_kluis", None)
            request.META.pop("HTTP_COOKIE", None)  # nothing below reads the raw header either
        return self.get_response(request)
