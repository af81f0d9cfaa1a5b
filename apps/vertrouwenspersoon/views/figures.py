"""The anonymised figures: the counsellor prepares and publishes them; the OR, HR
and the executive read what is published, on a printable page or as CSV."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role
from apps.core.access import access, role
from apps.vertrouwenspersoon import figures, policy, selectors, services_figures
from apps.vertrouwenspersoon.forms_figures import AnnualReportCreateForm, AnnualReportTextForm
from apps.vertrouwenspersoon.models import AnnualReport

COUNSELLOR = role(Role.COUNSELLOR)
READERS = role(Role.WORKS_COUNCIL_MEMBER, Role.HR, Role.EXECUTIVE, Role.COUNSELLOR)


@access(COUNSELLOR)
def figures_list(request: HttpRequest) -> HttpResponse:
    form = AnnualReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services_figures.annual_report_create(
                counsellor=request.user,  # type: ignore[arg-type]
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
            )
        except ValidationError as error:
            form.add_error("year", error)
        else:
            return redirect("vertrouwenspersoon:figures-edit", pk=report.pk)
    reports = selectors.annual_report_list(request.user)
    return render(request, "vertrouwenspersoon/figures_list.html", {"reports": reports, "form": form})


def _render_edit(
    request: HttpRequest, report: AnnualReport, form: AnnualReportTextForm, errors: list[str]
) -> HttpResponse:
    data = (report.figures or {}) if report.is_published else figures.compute(report)
    context = {
        "report": report,
        "form": form,
        "tables": figures.display(data),
        "threshold": data["threshold"],
        "errors": errors,
        "period_end": services_figures.period_end(report),
    }
    return render(request, "vertrouwenspersoon/figures_edit.html", context, status=409 if errors else 200)


@access(COUNSELLOR)
def figures_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = policy.get_annual_report_for_counsellor(request.user, pk)
    form = AnnualReportTextForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services_figures.annual_report_update(
                report=report,
                explanation=form.cleaned_data["explanation"],
                recommendations=form.cleaned_data["recommendations"],
            )
        except ValidationError as error:
            return _render_edit(request, report, form, error.messages)
        messages.success(request, _("The text has been saved."))
        return redirect("vertrouwenspersoon:figures-edit", pk=report.pk)
    return _render_edit(request, report, form, [])


@access(COUNSELLOR)
@require_POST
def figures_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = policy.get_annual_report_for_counsellor(request.user, pk)
    try:
        services_figures.annual_report_publish(report=report)
    except ValidationError as error:
        return _render_edit(request, report, AnnualReportTextForm(instance=report), error.messages)
    messages.success(request, _("The figures are published for the works council, HR and the executive."))
    return redirect("vertrouwenspersoon:published-figures-detail", pk=report.pk)


@access(READERS)
def published_figures_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.published_figures_list(request.user)
    return render(request, "vertrouwenspersoon/published_figures_list.html", {"reports": reports})


@access(READERS)
def published_figures_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = policy.get_published_annual_report(request.user, pk)
    context = {
        "report": report,
        "tables": figures.display(report.figures or {}),
        "threshold": (report.figures or {}).get("threshold"),
    }
    return render(request, "vertrouwenspersoon/published_figures_detail.html", context)


@access(READERS)
def published_figures_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = policy.get_published_annual_report(request.user, pk)
    suffix = f"-k{report.quarter}" if report.quarter else ""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cijfers-{report.year}{suffix}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Table"), _("Row"), _("Number of reports")])
    for table in figures.display(report.figures or {}):
        for row_label, shown in table.rows:
            writer.writerow([str(table.title), str(row_label), shown])
        writer.writerow([str(table.title), _("Total"), table.total])
    return response
