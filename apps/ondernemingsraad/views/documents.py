"""Documents: the page with art. 20 secrecy and versions, new versions, downloads."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core.access import access
from apps.core.downloads import file_download
from apps.core.form_actions import run_form
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.forms import ConfidentialityForm, VersionForm
from apps.ondernemingsraad.models import Document

from ._common import OBJECT_PAGE, not_post


def _page(request: HttpRequest, document: Document, version_form: VersionForm | None = None) -> HttpResponse:
    document_access = policy.document_access(request.user, document)
    if version_form is None and document_access.can_upload:
        version_form = VersionForm(
            action=reverse("ondernemingsraad:document-version-add", args=[document.pk])
        )
    context = {
        "document": document,
        "item": document.item,
        "versions": selectors.document_versions(document),
        "exempt": list(document.confidentiality_exempt.order_by("first_name", "last_name")),
        "is_confidential": document.is_confidential(),
        "can_upload": document_access.can_upload,
        "version_form": version_form,
        "today": timezone.localdate(),
    }
    return render(request, "ondernemingsraad/document_detail.html", context)


@access(OBJECT_PAGE)
@never_cache
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, policy.get_document(request.user, pk))


@access(OBJECT_PAGE)
@never_cache
def document_version_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = policy.get_document(request.user, pk)
    policy.require(policy.document_access(request.user, document).can_upload)
    if refused := not_post(request):
        return refused
    form = VersionForm(
        request.POST,
        request.FILES,
        action=reverse("ondernemingsraad:document-version-add", args=[document.pk]),
    )
    if form.is_valid():
        services.document_version_add(actor=request.user, document=document, upload=form.cleaned_data["file"])  # type: ignore[arg-type]
        messages.success(request, _("The new version has been uploaded; earlier versions are kept."))
        return redirect("ondernemingsraad:document-detail", pk=document.pk)
    return _page(request, document, version_form=form)


@access(OBJECT_PAGE)
@never_cache
def document_download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """Always a download, never rendered in the portal's origin."""
    document = policy.get_document(request.user, pk)
    version = document.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return file_download(version.file.open("rb"), version.filename)


@access(OBJECT_PAGE)
@never_cache
def document_confidentiality(request: HttpRequest, pk: int) -> HttpResponse:
    document = policy.get_document(request.user, pk)
    policy.require(policy.document_access(request.user, document).can_upload)
    initial = {
        "confidential": document.confidential,
        "imposed_by": document.confidentiality_imposed_by,
        "scope": document.confidentiality_scope,
        "until": document.confidential_until,
        "exempt": list(document.confidentiality_exempt.all()),
    }
    form = ConfidentialityForm(request.POST or None, initial=initial)

    def run(data: dict[str, Any]) -> object:
        return services.document_set_confidentiality(
            actor=request.user,  # type: ignore[arg-type]
            document=document,
            confidential=data["confidential"],
            imposed_by=data["imposed_by"],
            scope=data["scope"],
            until=data["until"],
            exempt=data["exempt"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("The secrecy of this document has been saved."),
        success_url=reverse("ondernemingsraad:document-detail", args=[document.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/document_confidentiality.html", {"form": form, "document": document}
        ),
    )
