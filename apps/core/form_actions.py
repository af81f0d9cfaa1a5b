"""The one way a page runs a form through a service.

Validate the form, call one service; on success say so and redirect, otherwise show
the page again with the form's errors. A service's ValidationError lands on the
field `error_field` names (or on the field its code maps to), else on the form.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

Service = Callable[[dict[str, Any]], object]


def run_form(
    request: HttpRequest,
    form: forms.Form,
    run: Service,
    *,
    done: str,
    success_url: str | Callable[[Any], str],
    show_again: Callable[[], HttpResponse],
    error_field: str | Mapping[str, str] | None = None,
) -> HttpResponse:
    """`success_url` may be a function of what the service returned (a new object's page)."""
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error, error_field)
        else:
            messages.success(request, done)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return show_again()


def add_service_error(
    form: forms.Form, error: ValidationError, error_field: str | Mapping[str, str] | None = None
) -> None:
    """Per field when the error names fields the form has; else where `error_field` says."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    field = error_field if not isinstance(error_field, Mapping) else error_field.get(str(error.code))
    form.add_error(field, error)
