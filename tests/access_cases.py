"""What the access-matrix test needs beyond each URL's declared rule.

Every URL pattern declares its rule in code (apps.core.access.access). The matrix
test requests every pattern as every persona; for that it needs, per URL name:
- sample arguments when the pattern takes any (`kwargs`), built from the `world`;
- which personas may see the *object* (`visible_to`): personas the page rule admits
  but that are not listed must get 404, the same answer as for a missing object;
- rarely, a status the admitted personas get by design (`allowed_status`), with a reason.

Apps add a module to tests/access_cases_apps/ with `CASES: dict[str, Case]` and,
when their URLs point at objects, `build(world) -> World`, which gets the world
built so far (personas and earlier objects) and returns its own objects.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

World = dict[str, Any]


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    visible_to: frozenset[str] | None = None
    allowed_status: int | None = None
    reason: str = ""
    query: str = ""
    method: str = "get"  # "post" for endpoints that only accept POST


@dataclass(frozen=True)
class Exempt:
    """A pattern the matrix does not request; its rule is still checked."""

    reason: str
    names: tuple[str, ...] = field(default=())


def build_world(personas: dict[str, Any]) -> World:
    """Objects the sample URLs point at. Extend as features add models."""
    from apps.core.services import audit_record

    world: World = dict(personas)
    world["audit_event"] = audit_record(
        actor=personas["superuser"], action="matrix_sample", target=personas["medewerker"]
    )
    world.update(build_reports(personas))
    for module in app_modules():
        if hasattr(module, "build"):
            world.update(module.build(world))
    return world


def app_modules() -> list[Any]:
    from tests import access_cases_apps

    names = sorted(info.name for info in pkgutil.iter_modules(access_cases_apps.__path__))
    return [importlib.import_module(f"tests.access_cases_apps.{name}") for name in names]


REPORT_TEXT = "Mijn leidinggevende intimideert mij al maanden; dit is vertrouwelijke melding 7Q4X."
SUMMARY_TEXT = "Samenvatting met toestemming: er speelt een conflict in het team."
MINUTES_TEXT = "Verslag van het gesprek over melding 7Q4X."


def build_reports(personas: dict[str, Any]) -> World:
    """A named report of medewerker with an attachment and a message, and a summary
    the reporter consented to share with hr, all handled by 'vertrouwenspersoon'."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.vertrouwenspersoon import services, services_minutes
    from apps.vertrouwenspersoon.models import Author

    counsellor = personas["vertrouwenspersoon"]
    upload = SimpleUploadedFile("verslag.txt", b"bijlage 7Q4X", content_type="text/plain")
    submitted = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text=REPORT_TEXT,
        counsellor=counsellor,
        anonymous=False,
        files=[upload],
    )
    report, key = submitted.report, submitted.key
    services.message_post(report=report, key=key, author=Author.COUNSELLOR, body="Bericht over melding 7Q4X.")
    summary = services.summary_propose(report=report, key=key, recipient=personas["hr"], text=SUMMARY_TEXT)
    services.summary_consent(summary=summary, key=key)
    record = services_minutes.minutes_record(
        report=report, key=key, held_on=report.created_at.date(), text=MINUTES_TEXT
    )
    return {
        "report": report,
        "attachment": report.attachments.get(),
        "summary": summary,
        "record": record,
        **build_figures(counsellor),
    }


def build_figures(counsellor: Any) -> World:
    """Published figures for last year, and a draft for the running year."""
    from django.utils import timezone

    from apps.vertrouwenspersoon import services_figures

    year = timezone.localdate().year
    published = services_figures.annual_report_create(counsellor=counsellor, year=year - 1, quarter=0)
    services_figures.annual_report_publish(report=published)
    draft = services_figures.annual_report_create(counsellor=counsellor, year=year, quarter=0)
    return {"published_figures": published, "draft_figures": draft}


REPORTER = frozenset({"medewerker"})
COUNSELLOR = frozenset({"vertrouwenspersoon"})
FIGURE_READERS = frozenset(
    {"or_lid", "or_voorzitter", "or_secretaris", "hr", "bestuurder", "vertrouwenspersoon"}
)


def _report(world: World) -> dict[str, Any]:
    return {"pk": world["report"].pk}


def _report_attachment(world: World) -> dict[str, Any]:
    return {"pk": world["report"].pk, "attachment_pk": world["attachment"].pk}


def _report_summary(world: World) -> dict[str, Any]:
    return {"pk": world["report"].pk, "summary_pk": world["summary"].pk}


REPORT_CASES: dict[str, Case] = {
    "vertrouwenspersoon:report-detail": Case(kwargs=_report, visible_to=REPORTER),
    "vertrouwenspersoon:report-unlock": Case(
        kwargs=_report,
        visible_to=REPORTER,
        allowed_status=302,
        reason="the reporter's key is open in this session already: on to the report",
    ),
    "vertrouwenspersoon:report-key-share": Case(kwargs=_report, visible_to=REPORTER, method="post"),
    "vertrouwenspersoon:receipt-key-share": Case(method="post"),
    "vertrouwenspersoon:report-reply": Case(kwargs=_report, visible_to=REPORTER, method="post"),
    "vertrouwenspersoon:report-summary-decide": Case(
        kwargs=_report_summary, visible_to=REPORTER, method="post"
    ),
    "vertrouwenspersoon:report-transfer-decide": Case(kwargs=_report, visible_to=REPORTER, method="post"),
    "vertrouwenspersoon:report-attachment": Case(kwargs=_report_attachment, visible_to=REPORTER),
    "vertrouwenspersoon:case-detail": Case(kwargs=_report, visible_to=COUNSELLOR),
    "vertrouwenspersoon:case-message": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-note": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-status": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-summary": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-breach": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-transfer": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-attachment": Case(kwargs=_report_attachment, visible_to=COUNSELLOR),
    "vertrouwenspersoon:case-department": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-retention": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-minutes": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:case-minutes-revise": Case(kwargs=_report, visible_to=COUNSELLOR, method="post"),
    "vertrouwenspersoon:report-minutes": Case(
        kwargs=lambda world: {"pk": world["report"].pk, "record_pk": world["record"].pk},
        visible_to=REPORTER,
        method="post",
    ),
    "vertrouwenspersoon:receipt-minutes": Case(
        kwargs=lambda world: {"record_pk": world["record"].pk}, method="post"
    ),
    "vertrouwenspersoon:figures-edit": Case(
        kwargs=lambda world: {"pk": world["draft_figures"].pk}, visible_to=COUNSELLOR
    ),
    "vertrouwenspersoon:figures-publish": Case(
        kwargs=lambda world: {"pk": world["draft_figures"].pk},
        visible_to=COUNSELLOR,
        method="post",
        allowed_status=409,
        reason="the sample period is still running: publishing is refused with an explanation",
    ),
    "vertrouwenspersoon:published-figures-detail": Case(
        kwargs=lambda world: {"pk": world["published_figures"].pk}, visible_to=FIGURE_READERS
    ),
    "vertrouwenspersoon:published-figures-csv": Case(
        kwargs=lambda world: {"pk": world["published_figures"].pk}, visible_to=FIGURE_READERS
    ),
    "vertrouwenspersoon:summary-detail": Case(
        kwargs=lambda world: {"pk": world["summary"].pk}, visible_to=frozenset({"hr"})
    ),
    "vertrouwenspersoon:receipt-reply": Case(method="post"),
    "vertrouwenspersoon:receipt-transfer-decide": Case(method="post"),
    "vertrouwenspersoon:receipt-stop": Case(method="post"),
    "vertrouwenspersoon:receipt-summary-decide": Case(
        kwargs=lambda world: {"summary_pk": world["summary"].pk}, method="post"
    ),
    "vertrouwenspersoon:receipt-attachment": Case(
        kwargs=lambda world: {"attachment_pk": world["attachment"].pk}
    ),
}


CASES: dict[str, Case] = {
    "password_reset_confirm": Case(
        kwargs=lambda world: {"uidb64": "MQ", "token": "ongeldig-token"},
        reason="an invalid link renders the page that says so",
    ),
    "admin:app_list": Case(kwargs=lambda world: {"app_label": "accounts"}),
    "admin:core_auditevent_add": Case(allowed_status=403, reason="the audit trail is read-only"),
    "admin:core_auditevent_delete": Case(
        kwargs=lambda world: {"object_id": world["audit_event"].pk},
        allowed_status=403,
        reason="the audit trail is read-only",
    ),
    "admin:<beheer/(?P<url>.*)$>": Case(
        kwargs=lambda world: {"url": "bestaat-niet/"},
        allowed_status=404,
        reason="the admin's catch-all answers 404 for unknown pages",
    ),
}

CASES.update(REPORT_CASES)
CASES.update(
    {
        "admin:vertrouwenspersoon_report_add": Case(
            allowed_status=403, reason="reports are sent by reporters, never added in the admin"
        ),
        "admin:vertrouwenspersoon_report_delete": Case(
            kwargs=lambda world: {"object_id": world["report"].pk},
            allowed_status=403,
            reason="reports are deleted only by the retention rules, never in the admin",
        ),
    }
)

for _module in app_modules():
    CASES.update(_module.CASES)

EXEMPT: dict[str, str] = {
    "admin:view_on_site": "redirects to a model's own page; no admin model defines one",
    "admin:autocomplete": "answers only with a valid field; no admin uses autocomplete_fields",
}
