from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from .access import SIGNED_IN, access
from .home import home_panels_for


@access(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": home_panels_for(request.user)})


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # Error pages get no exception text: nothing about the refused object leaks.
    return render(request, template, status=status)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error_page(request, "400.html", 400)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in a context processor.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
