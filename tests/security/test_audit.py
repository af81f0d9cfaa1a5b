"""The audit trail records who changed access to what, and admins read it in words.

Recorded (apps.core.services.audit_record): role changes and admin rights (in the admin),
object-permission grants and revocations (apps.core.services.audit_access_change), consent
to share a melding's summary, transfers and reassignments of meldingen, and deletions (in
the admin, and by the retention rules). Never melding content, and never the reporter:
their decisions are recorded without an actor.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from apps.accounts.models import Department
from apps.accounts.roles import Role
from apps.core import crypto
from apps.core.audit_words import ADMIN_LABELS, describe_for_admin
from apps.core.models import AuditEvent
from apps.ondernemingsraad import services as meeting_services
from apps.vertrouwenspersoon import services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TEXT = "Vertrouwelijke inhoud Q7-Zilverreiger: mijn chef pest mij."
SUMMARY = "Samenvatting Q7-Zilverreiger voor HR."
APPS = Path(__file__).resolve().parents[2] / "apps"


def english_admin(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def told(event) -> str:
    from apps.core.admin import attach_people

    attach_people([event])
    with translation.override("en"):
        return describe_for_admin(event, event.people)


@pytest.fixture
def melding(personas):
    """A named melding with a summary proposed to HR, and its content key."""
    submitted = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text=TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
    )
    report, key = submitted.report, submitted.key
    summary = services.summary_propose(report=report, key=key, recipient=personas["hr"], text=SUMMARY)
    return report, summary, key


# --- meldingen ---------------------------------------------------------------------------------


def test_consent_to_share_is_recorded_with_the_recipient_and_without_the_reporter(personas, melding):
    _report, summary, key = melding
    services.summary_consent(summary=summary, key=key)
    services.summary_revoke(summary=summary)
    given, revoked = events("summary_consent_given"), events("summary_consent_revoked")
    assert len(given) == len(revoked) == 1
    assert (given[0].actor, given[0].details) == (None, {"recipient": personas["hr"].pk})
    assert personas["hr"].display_name in told(given[0])


def test_a_transfer_is_recorded_when_proposed_and_when_decided(personas, melding):
    report, _summary, key = melding
    old, new = personas["vertrouwenspersoon"], personas["andere_vertrouwenspersoon"]
    proposal = services.transfer_propose(report=report, to_counsellor=new)
    services.transfer_decide(proposal=proposal, accept=True, key=key)
    (proposed,) = events("report_transfer_proposed")
    (moved,) = events("report_transferred")
    assert (proposed.actor, proposed.details) == (old, {"to": new.pk})
    assert (moved.actor, moved.details) == (None, {"from": old.pk, "to": new.pk})
    assert told(moved) == f"Report transferred with consent (from {old.display_name} to {new.display_name})"


def test_a_declined_transfer_is_recorded_too(personas, melding):
    report, _summary, key = melding
    proposal = services.transfer_propose(report=report, to_counsellor=personas["andere_vertrouwenspersoon"])
    services.transfer_decide(proposal=proposal, accept=False, key=key)
    (declined,) = events("report_transfer_declined")
    assert declined.actor is None and declined.target_id == str(report.pk)


def test_a_reassignment_in_the_admin_is_recorded(personas, melding):
    report, _summary, _key = melding
    client = english_admin(personas["superuser"])
    url = reverse("admin:vertrouwenspersoon_report_change", args=[report.pk])
    assert client.post(url, {"counsellor": personas["andere_vertrouwenspersoon"].pk}).status_code == 302
    (event,) = events("report_reassigned")
    assert event.actor == personas["superuser"]


def test_no_audit_row_names_the_reporter_or_holds_content(personas, melding):
    report, summary, key = melding
    services.summary_consent(summary=summary, key=key)
    proposal = services.transfer_propose(report=report, to_counsellor=personas["andere_vertrouwenspersoon"])
    services.transfer_decide(proposal=proposal, accept=True, key=key)
    reporter = personas["medewerker"]
    rows = list(AuditEvent.objects.values_list("actor_id", "target_type", "target_id", "details"))
    assert rows
    assert not AuditEvent.objects.filter(actor=reporter).exists()
    assert not AuditEvent.objects.filter(target_type="accounts.user", target_id=str(reporter.pk)).exists()
    assert "Zilverreiger" not in str(rows)
    assert [row for row in rows if reporter.pk in _ids(row[3])] == []


def _ids(details: dict) -> set:
    found = {value for value in details.values() if isinstance(value, int)}
    for key in ("granted", "revoked"):
        found |= {who for _code, kind, who in details.get(key, []) if kind == "user"}
    return found


# --- roles, admin rights, object permissions, deletions -------------------------------------


def _user_form(user, groups, **flags):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "department": user.department_id or "",
        "groups": [Group.objects.get(name=name).pk for name in groups],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "is_active": "on",
    }
    data.update({flag: "on" for flag, on in flags.items() if on})
    return data


def test_role_changes_and_admin_rights_given_in_the_admin_are_recorded(personas):
    user = personas["medewerker"]
    client = english_admin(personas["superuser"])
    url = reverse("admin:accounts_user_change", args=[user.pk])
    response = client.post(url, _user_form(user, [Role.EMPLOYEE, Role.HR], is_staff=True, is_superuser=True))
    assert response.status_code == 302, response.content.decode()[-2000:]
    (roles,) = events("roles_changed")
    (rights,) = events("user_access_changed")
    assert roles.actor == rights.actor == personas["superuser"]
    assert roles.details == {"added": ["HR"], "removed": []}
    assert rights.details == {"is_staff": True, "is_superuser": True}
    assert told(rights) == "Account rights changed (staff status: yes, superuser status: yes)"


def test_saving_a_user_without_changing_rights_records_no_rights_change(personas):
    user = personas["medewerker"]
    client = english_admin(personas["superuser"])
    client.post(reverse("admin:accounts_user_change", args=[user.pk]), _user_form(user, [Role.EMPLOYEE]))
    assert events("user_access_changed") == []


def test_deleting_in_the_admin_is_recorded(personas):
    department = Department.objects.create(name="Inkoop", code="inkoop")
    client = english_admin(personas["superuser"])
    url = reverse("admin:accounts_department_delete", args=[department.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    (event,) = events("deleted_in_admin")
    assert (event.actor, event.target_type, event.target_id) == (
        personas["superuser"],
        "accounts.department",
        str(department.pk),
    )
    assert event.details == {"object": str(department)}


def test_deleting_a_selection_in_the_admin_is_recorded_per_object(personas, make_user):
    gone = [make_user(f"vertrokken-{n}") for n in range(2)]
    client = english_admin(personas["superuser"])
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [user.pk for user in gone], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(event.target_id for event in events("deleted_in_admin")) == sorted(str(u.pk) for u in gone)


def test_object_permission_grants_and_revocations_are_recorded_with_who(personas):
    secretary, hr, member = personas["or_secretaris"], personas["hr"], personas["or_lid"]
    committee = meeting_services.committee_create(
        actor=secretary, name="Commissie personeelsbeleid", description="", members=[hr]
    )
    AuditEvent.objects.all().delete()
    meeting_services.committee_update(
        actor=secretary, committee=committee, name=committee.name, description="", members=[member]
    )
    (event,) = events("object_permissions_changed")
    assert event.actor == secretary and event.target_id == str(committee.pk)
    assert event.details == {
        "granted": [["view_committee", "user", member.pk]],
        "revoked": [["view_committee", "user", hr.pk]],
    }
    assert told(event) == (
        f"Access changed (granted: view_committee → {member.display_name}; "
        f"revoked: view_committee → {hr.display_name})"
    )


def test_grants_to_a_role_name_the_role(personas):
    meeting_services.committee_create(
        actor=personas["or_secretaris"], name="Commissie", description="", members=[]
    )
    (event,) = events("object_permissions_changed")
    assert ["view_committee", "group", Role.WORKS_COUNCIL_MEMBER.value] in event.details["granted"]


def test_an_unchanged_access_records_nothing(personas):
    committee = meeting_services.committee_create(
        actor=personas["or_secretaris"], name="Commissie", description="", members=[personas["hr"]]
    )
    AuditEvent.objects.all().delete()
    meeting_services.committee_update(
        actor=personas["or_secretaris"],
        committee=committee,
        name="Andere naam",
        description="",
        members=[personas["hr"]],
    )
    assert events("object_permissions_changed") == []


# --- the admin pages ---------------------------------------------------------------------------


@pytest.fixture
def trail(personas, melding):
    """A trail with melding events, a role change and an access change."""
    report, summary, key = melding
    services.summary_consent(summary=summary, key=key)
    proposal = services.transfer_propose(report=report, to_counsellor=personas["andere_vertrouwenspersoon"])
    services.transfer_decide(proposal=proposal, accept=True, key=key)
    from apps.accounts.services import user_set_roles

    user_set_roles(actor=personas["superuser"], user=personas["or_lid"], roles=[Role.EMPLOYEE])
    meeting_services.committee_create(
        actor=personas["or_secretaris"], name="Commissie", description="", members=[personas["hr"]]
    )
    return report


def test_the_admin_lists_the_trail_in_words(personas, trail):
    response = english_admin(personas["superuser"]).get(reverse("admin:core_auditevent_changelist"))
    page = response.content.decode()
    expected = [
        f"Consent to share a summary (with {personas['hr'].display_name})",
        f"Report transferred with consent (from {personas['vertrouwenspersoon'].display_name} "
        f"to {personas['andere_vertrouwenspersoon'].display_name})",
        "Roles changed (added: –; removed: OR-lid)",
        f"view_committee → {personas['hr'].display_name}",
    ]
    assert [sentence for sentence in expected if escape(sentence) not in page] == []


def test_the_admin_filters_by_action_and_by_actor(personas, trail):
    client = english_admin(personas["superuser"])
    changelist = reverse("admin:core_auditevent_changelist")
    by_action = client.get(changelist, {"action": "roles_changed"})
    assert by_action.status_code == 200
    assert by_action.context["cl"].result_count == 1
    assert "Roles changed" in by_action.content.decode()  # the filter's choice, by name
    by_actor = client.get(changelist, {"actor__id__exact": personas["or_secretaris"].pk})
    assert by_actor.status_code == 200
    assert {event.actor for event in by_actor.context["cl"].result_list} == {personas["or_secretaris"]}


def test_the_admin_detail_page_tells_the_row(personas, trail):
    event = AuditEvent.objects.get(action="report_transferred")
    response = english_admin(personas["superuser"]).get(
        reverse("admin:core_auditevent_change", args=[event.pk])
    )
    assert response.status_code == 200
    assert escape(told(event)) in response.content.decode()


def test_a_superuser_sees_no_melding_content_or_reporter_in_the_trail(personas, trail, monkeypatch):
    def refuse(token):
        raise AssertionError("the audit admin decrypted content")

    monkeypatch.setattr(crypto, "decrypt_text", refuse)
    monkeypatch.setattr(crypto, "decrypt", refuse)
    client = english_admin(personas["superuser"])
    reporter = personas["medewerker"]
    pks = AuditEvent.objects.values_list("pk", flat=True)
    urls = [reverse("admin:core_auditevent_changelist")]
    urls += [reverse("admin:core_auditevent_change", args=[pk]) for pk in pks]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Zilverreiger" not in page, url
        assert reporter.last_name not in page and reporter.username not in page, url


def test_the_trail_stays_read_only(personas, trail):
    client = english_admin(personas["superuser"])
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- every action has words --------------------------------------------------------------------

ACTION = re.compile(r"""action=(?:f?"([a-z_{}.()]+)"(?: if \w+ else "([a-z_]+)")?)""")


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for source in APPS.rglob("*.py"):
        text = source.read_text()
        if "audit_record(" not in text:
            continue
        for match in ACTION.finditer(text):
            found.update(name for name in match.groups() if name and "{" not in name)
    return found | {"summary_consent_given", "summary_consent_declined", "summary_consent_revoked"}


def test_every_recorded_action_has_words_for_the_admin():
    actions = recorded_actions()
    assert len(actions) > 50  # the scan finds the portal's actions
    assert sorted(actions - set(ADMIN_LABELS)) == []
