"""The admin shows a melding's metadata and lets an admin move it to another counsellor; nothing more."""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.core import crypto
from apps.core.models import AuditEvent, OutboxMessage
from apps.vertrouwenspersoon import policy, services, tasks
from apps.vertrouwenspersoon.models import Category, LogAction, Report, Status

pytestmark = pytest.mark.django_db

TEXT = "Inhoud-Verborgen-Meerkoet: mijn collega bedreigt mij."
ADMINS = ["superuser", "staff"]
CSRF = re.compile(r'value="[A-Za-z0-9]{64}"')  # csrf tokens


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def admins(personas):
    """The staff persona holds the admin's model permissions for reports, as an admin would."""
    personas["staff"].user_permissions.add(
        *Permission.objects.filter(codename__in=["view_report", "change_report"])
    )
    return personas


@pytest.fixture
def reporter(make_user):
    return make_user(
        "melder-qz", [Role.EMPLOYEE], first_name="Zwaantje", last_name="Kwakkelstein", email="zk@example.org"
    )


@pytest.fixture
def other_counsellor(make_user):
    return make_user("tweede-vp", [Role.COUNSELLOR], first_name="Tweede", last_name="Vertrouwenspersoon")


def reporter_traces(reporter) -> list[str]:
    return [reporter.username, reporter.first_name, reporter.last_name, reporter.email]


def submit(personas, reporter, anonymous):
    return services.report_submit(
        reporter=reporter,
        category="discriminatie",
        text=TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=anonymous,
    ).report


def change_url(report):
    return reverse("admin:vertrouwenspersoon_report_change", args=[report.pk])


def label(choice) -> str:
    with translation.override("nl"):
        return str(choice.label)


def assert_metadata_only(page: str, reporter) -> None:
    assert TEXT not in page and "Meerkoet" not in page
    assert [trace for trace in reporter_traces(reporter) if trace in page] == []
    assert "anoniem" not in page.lower() and "anonymous" not in page.lower()


@pytest.mark.parametrize("name", ADMINS)
def test_the_changelist_shows_metadata_only(admins, login, reporter, name):
    submit(admins, reporter, anonymous=False)
    submit(admins, reporter, anonymous=True)
    response = login(admins[name]).get(reverse("admin:vertrouwenspersoon_report_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(label(Category.DISCRIMINATION)) >= 2 and label(Status.NEW) in page
    assert admins["vertrouwenspersoon"].username in page
    assert_metadata_only(page, reporter)


@pytest.mark.parametrize("name", ADMINS)
@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_the_change_page_shows_metadata_only(admins, login, reporter, name, anonymous):
    report = submit(admins, reporter, anonymous=anonymous)
    response = login(admins[name]).get(change_url(report))
    assert response.status_code == 200
    page = response.content.decode()
    assert label(Category.DISCRIMINATION) in page and label(Status.NEW) in page
    assert admins["vertrouwenspersoon"].username in page
    assert_metadata_only(page, reporter)
    for field in ("text", "reporter", "is_anonymous", "receipt_code_hash", "category", "status"):
        assert f'name="{field}"' not in page


@freeze_time("2026-03-02 10:00:00")  # the same minute for both, whenever the test runs
def test_named_and_anonymous_reports_look_the_same_in_the_admin(admins, login, reporter):
    client = login(admins["superuser"])
    named = submit(admins, reporter, anonymous=False)
    anonymous = submit(admins, reporter, anonymous=True)
    pages = [client.get(change_url(report)).content.decode() for report in (named, anonymous)]
    normalised = [
        CSRF.sub("", page.replace(str(report.pk), "PK"))
        for page, report in zip(pages, (named, anonymous), strict=True)
    ]
    assert normalised[0] == normalised[1]


def test_the_admin_pages_never_decrypt_content(admins, login, reporter, monkeypatch):
    report = submit(admins, reporter, anonymous=False)

    def refuse(token):
        raise AssertionError("the admin decrypted content")

    monkeypatch.setattr(crypto, "decrypt_text", refuse)
    monkeypatch.setattr(crypto, "decrypt", refuse)
    client = login(admins["superuser"])
    for url in (
        reverse("admin:vertrouwenspersoon_report_changelist"),
        change_url(report),
        reverse("admin:vertrouwenspersoon_report_history", args=[report.pk]),
    ):
        assert client.get(url).status_code == 200


def test_the_counsellor_choice_lists_only_active_counsellors(
    admins, login, reporter, other_counsellor, make_user
):
    gone = make_user("vertrokken-vp", [Role.COUNSELLOR], is_active=False)
    report = submit(admins, reporter, anonymous=False)
    page = login(admins["superuser"]).get(change_url(report)).content.decode()
    for user in (admins["vertrouwenspersoon"], other_counsellor):
        assert f'<option value="{user.pk}"' in page
    for user in (gone, admins["hr"], admins["superuser"], reporter):
        assert f'<option value="{user.pk}"' not in page


@pytest.mark.parametrize("name", ADMINS)
def test_reassigning_in_the_admin_goes_through_the_service(
    admins, login, reporter, other_counsellor, name, django_capture_on_commit_callbacks
):
    old = admins["vertrouwenspersoon"]
    report = submit(admins, reporter, anonymous=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = login(admins[name]).post(change_url(report), {"counsellor": other_counsellor.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.counsellor == other_counsellor
    assert policy.get_report_for_counsellor(other_counsellor, report.pk) == report
    assert list(policy.reports_handled_by(old)) == []
    assert report.log.filter(action=LogAction.REASSIGNED).count() == 1
    event = AuditEvent.objects.get(action="report_reassigned")
    moved = {"from": old.pk, "to": other_counsellor.pk}  # counsellors only, never the reporter
    assert (event.actor, event.target_id, event.details) == (admins[name], str(report.pk), moved)
    # The new counsellor is told, about an anonymous melding after a random delay (the
    # relay publishes it later, so no callback now); an anonymous reporter cannot be told.
    told = [
        row
        for row in OutboxMessage.objects.filter(task=tasks.notify_counsellor.name)
        if "transferred" in row.args
    ]
    assert [(row.args, row.not_before is not None) for row in told] == [
        ([str(report.pk), "transferred"], True)
    ]
    assert not OutboxMessage.objects.filter(task=tasks.notify_reporter.name).exists()
    # The other counsellors learn that a case moved (which one, they are not told).
    others = sorted(
        OutboxMessage.objects.filter(task=tasks.notify_counsellor_about.name).values_list("args", flat=True)
    )
    assert others == sorted([[old.pk, "reassigned"], [admins["andere_vertrouwenspersoon"].pk, "reassigned"]])
    assert len(callbacks) == len(others)


def test_the_admin_history_records_only_which_field_changed(admins, login, reporter, other_counsellor):
    report = submit(admins, reporter, anonymous=False)
    client = login(admins["superuser"])
    client.post(change_url(report), {"counsellor": other_counsellor.pk})
    entry = LogEntry.objects.get(object_id=str(report.pk))
    assert entry.get_change_message() and "Meerkoet" not in entry.change_message + entry.object_repr
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Counsellor"]}}]
    history = client.get(reverse("admin:vertrouwenspersoon_report_history", args=[report.pk]))
    assert history.status_code == 200
    assert_metadata_only(history.content.decode(), reporter)


def test_saving_an_unchanged_counsellor_reassigns_nothing(admins, login, reporter):
    report = submit(admins, reporter, anonymous=False)
    response = login(admins["superuser"]).post(change_url(report), {"counsellor": report.counsellor.pk})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="report_reassigned").exists()
    assert not report.log.filter(action=LogAction.REASSIGNED).exists()


def test_the_admin_refuses_a_counsellor_who_is_not_one(admins, login, reporter):
    report = submit(admins, reporter, anonymous=False)
    response = login(admins["superuser"]).post(change_url(report), {"counsellor": admins["hr"].pk})
    assert response.status_code == 200  # the form with an error
    report.refresh_from_db()
    assert report.counsellor == admins["vertrouwenspersoon"]
    assert not AuditEvent.objects.filter(action="report_reassigned").exists()


def test_the_admin_offers_no_add_and_no_delete(admins, login, reporter):
    report = submit(admins, reporter, anonymous=False)
    client = login(admins["superuser"])
    changelist = client.get(reverse("admin:vertrouwenspersoon_report_changelist")).content.decode()
    assert reverse("admin:vertrouwenspersoon_report_add") not in changelist
    assert "delete_selected" not in changelist
    assert client.get(reverse("admin:vertrouwenspersoon_report_add")).status_code == 403
    delete_url = reverse("admin:vertrouwenspersoon_report_delete", args=[report.pk])
    assert delete_url not in client.get(change_url(report)).content.decode()
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


@pytest.mark.parametrize(
    "query",
    [
        "reporter__id__exact={reporter}",
        "reporter={reporter}",
        "reporter__isnull=True",
        "is_anonymous__exact=1",
        "receipt_code_hash__isnull=False",
        "text__contains=Meerkoet",
    ],
)
def test_the_changelist_cannot_be_filtered_by_reporter_or_content(admins, login, reporter, query):
    submit(admins, reporter, anonymous=False)
    url = reverse("admin:vertrouwenspersoon_report_changelist") + "?" + query.format(reporter=reporter.pk)
    assert login(admins["superuser"]).get(url).status_code == 400


def test_the_changelist_filters_by_metadata(admins, login, reporter):
    report = submit(admins, reporter, anonymous=False)
    client = login(admins["superuser"])
    changelist = reverse("admin:vertrouwenspersoon_report_changelist")
    for query in (
        "status__exact=nieuw",
        "category__exact=discriminatie",
        f"counsellor__id__exact={admins['vertrouwenspersoon'].pk}",
        f"created_at__year={report.created_at.year}",
    ):
        response = client.get(f"{changelist}?{query}")
        assert response.status_code == 200
        assert change_url(report) in response.content.decode()
    assert change_url(report) not in client.get(f"{changelist}?status__exact=afgesloten").content.decode()


@pytest.mark.parametrize("name", ["medewerker", "hr", "vertrouwenspersoon", "bestuurder", "outsider"])
def test_non_staff_get_403(personas, login, reporter, name):
    report = submit(personas, reporter, anonymous=False)
    client = login(personas[name])
    assert client.get(reverse("admin:vertrouwenspersoon_report_changelist")).status_code == 403
    assert client.get(change_url(report)).status_code == 403


def test_staff_without_the_report_permissions_get_403(personas, login, reporter):
    report = submit(personas, reporter, anonymous=False)
    assert login(personas["staff"]).get(change_url(report)).status_code == 403


def test_only_reports_are_registered_and_no_permission_tables(admins):
    registered = [
        model for model in admin.site._registry if model._meta.app_label in {"vertrouwenspersoon", "guardian"}
    ]
    assert registered == [Report]
