"""Audit rows told in words: for the history shown on a page, and for administrators."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


def describe_event(
    event: AuditEvent, labels: Mapping[str, str | Promise], states: type[TextChoices] | None = None
) -> str:
    """The row's sentence from `labels` (by action), states by their labels, ISO dates as dd-mm-yyyy."""
    details: dict[str, Any] = dict(event.details)
    for key in ("from", "to"):
        if states is not None and details.get(key) in states.values:
            details[key] = str(states(details[key]).label)
    if isinstance(details.get("date"), str) and len(details["date"]) == 10:
        year, month, day = details["date"].split("-")
        details["date"] = f"{day}-{month}-{year}"
    label = labels.get(event.action)
    if label is None:
        return event.action
    try:
        return str(label) % details
    except (KeyError, TypeError, ValueError):
        return str(label)


# --- the audit trail in the admin --------------------------------------------------------------
# Every action the portal records, as an administrator reads it: a short name, and in
# parentheses what the row's details say. People appear by name, roles by their name; a
# melding's reporter never appears (services record their decisions without an actor).

ADMIN_LABELS: dict[str, Promise] = {
    # people, roles and access
    "roles_changed": _("Roles changed (added: %(added)s; removed: %(removed)s)"),
    "user_access_changed": _("Account rights changed (%(changes)s)"),
    "object_permissions_changed": _("Access changed (granted: %(granted)s; revoked: %(revoked)s)"),
    "deleted_in_admin": _("Deleted in the admin (%(object)s)"),
    "password_set_by_admin": _("Password set by an administrator"),
    "two_factor_enabled": _("Two-factor login turned on"),
    "two_factor_disabled": _("Two-factor login turned off"),
    "two_factor_reset": _("Two-factor login reset"),
    "role_two_factor_changed": _("Two-factor login for a role (%(role)s: %(require_two_factor)s)"),
    # meldingen: metadata only
    "summary_consent_given": _("Consent to share a summary (with %(recipient)s)"),
    "summary_consent_declined": _("Sharing a summary declined (with %(recipient)s)"),
    "summary_consent_revoked": _("Consent to share a summary withdrawn (from %(recipient)s)"),
    "report_transfer_proposed": _("Transfer of a report proposed (to %(to)s)"),
    "report_transferred": _("Report transferred with consent (from %(from)s to %(to)s)"),
    "report_transfer_declined": _("Transfer of a report declined (to %(to)s)"),
    "report_reassigned": _("Report reassigned to another counsellor"),
    "report_key_shared": _("Reporter let the new counsellor read a report (%(to)s)"),
    "report_escrow_resealed": _("Report opened for its counsellor with the escrow key (%(to)s)"),
    "counsellor_key_recovered": _("Counsellor's key opened with the recovery key"),
    "reports_resealed_with_recovery": _("Reports opened with a former counsellor's recovery key (%(cases)s)"),
    "report_retention_extended": _("Retention of a report extended"),
    "report_deleted_retention": _("Report deleted under the retention rules"),
    "annual_report_published": _("Anonymised figures published"),
    # works council
    "or_committee_created": _("Committee created"),
    "or_committee_updated": _("Committee changed"),
    "or_meeting_created": _("Meeting planned (%(kind)s)"),
    "or_meeting_updated": _("Meeting changed"),
    "or_meeting_status": _("Meeting status changed (%(status)s)"),
    "or_item_proposed": _("Agenda item proposed"),
    "or_item_updated": _("Agenda item changed (HR invited: %(invited_hr)s)"),
    "or_item_decided": _("Agenda item decided (%(state)s)"),
    "or_document_added": _("Document uploaded"),
    "or_document_version": _("New document version (%(number)s)"),
    "or_document_confidentiality": _("Secrecy of a document set (confidential: %(confidential)s)"),
    "or_action_added": _("Action added"),
    "or_action_status": _("Action status changed (%(status)s)"),
    "or_decision_added": _("Decision recorded"),
    "or_calendar_token_new": _("Calendar address made"),
    "or_calendar_token_revoked": _("Calendar address revoked"),
    # HR policies
    "policy_created": _("Policy draft created"),
    "policy_version_saved": _("Policy version saved (%(number)s)"),
    "policy_state_changed": _("Policy state changed (from %(from)s to %(to)s)"),
    "policy_shared": _("Policy draft shared (with %(member)s)"),
    "policy_version_published": _("Policy version published (%(number)s)"),
    "policy_read_confirmation_requested": _("Read confirmation requested (version %(number)s)"),
    # requests of the executive
    "proposal_created": _("Proposed decision created"),
    "request_filed": _("Request filed (%(kind)s)"),
    "request_document_added": _("Documents added to a request (%(count)s)"),
    "request_state_changed": _("Request state changed (from %(from)s to %(to)s)"),
    "request_consultation_linked": _("Request linked to a consultation meeting (%(date)s)"),
    "request_poll_attached": _("Constituency poll attached (%(poll)s)"),
    "request_poll_detached": _("Constituency poll removed (%(poll)s)"),
    # constituency
    "question_asked": _("Question asked"),
    "question_assigned": _("Question assigned (to %(assignee)s)"),
    "question_answered": _("Question answered"),
    "question_handled": _("Question handled"),
    "question_reopened": _("Question reopened"),
    "question_published": _("Question published"),
    "question_unpublished": _("Question taken off the Q&A"),
    "poll_created": _("Poll created"),
    "poll_updated": _("Poll changed"),
    "poll_published": _("Poll published"),
    "poll_closed": _("Poll closed (%(respondents)s respondents)"),
    "news_published": _("News published"),
}

# Details that hold a user's id, per action (and for every action: these keys).
PEOPLE_KEYS = {"recipient", "member", "assignee"}
PEOPLE_KEYS_OF = {
    "report_transfer_proposed": {"to"},
    "report_transferred": {"from", "to"},
    "report_transfer_declined": {"from", "to"},
    "report_key_shared": {"to"},
    "report_escrow_resealed": {"to"},
}
# The states a "from"/"to" detail names, by the target's model.
STATES_OF = {
    "bestuurder.request": "apps.bestuurder.models.RequestState",
    "hr.policy": "apps.hr.models.PolicyState",
}
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def action_name(action: str) -> str:
    """The action's short name, for the filter: its sentence without the part in parentheses."""
    label = ADMIN_LABELS.get(action)
    if label is None:
        return action.replace("_", " ").capitalize()
    return _PLACEHOLDER.sub("…", str(label)).split(" (", 1)[0]


def people_in(events: Iterable[AuditEvent]) -> set[int]:
    """The ids of the users the events' details name."""
    ids: set[int] = set()
    for event in events:
        keys = PEOPLE_KEYS | PEOPLE_KEYS_OF.get(event.action, set())
        ids.update(value for key, value in event.details.items() if key in keys and isinstance(value, int))
        for key in ("granted", "revoked"):
            ids.update(who for _code, kind, who in event.details.get(key, []) if kind == "user")
    return ids


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value) or "–"
    return "–" if value is None or value == "" else str(value)


def _person(people: Mapping[int, str], pk: Any) -> str:
    return people.get(pk, gettext("user %(id)s") % {"id": pk}) if pk is not None else "–"


def _permissions(keys: list[list[Any]], people: Mapping[int, str]) -> list[str]:
    """[codename, "user"|"group", id or role] as "codename → name"."""
    return [f"{code} → {_person(people, who) if kind == 'user' else who}" for code, kind, who in keys]


def _access_changes(flags: Mapping[str, bool]) -> list[str]:
    names = {field.name: field.verbose_name for field in get_user_model()._meta.fields}
    return [f"{names.get(flag, flag)}: {_yes_no(value)}" for flag, value in flags.items()]


def describe_for_admin(event: AuditEvent, people: Mapping[int, str]) -> str:
    """The row as a sentence for an administrator; `people` maps user ids to names (people_in)."""
    details: dict[str, Any] = dict(event.details)
    for key in (PEOPLE_KEYS | PEOPLE_KEYS_OF.get(event.action, set())) & set(details):
        details[key] = _person(people, details[key])
    for key in {"granted", "revoked"} & set(details):
        details[key] = _permissions(details[key], people)
    if event.action == "user_access_changed":
        details = {"changes": _access_changes(details)}
    details = {key: value if key in ("from", "to") else _shown(value) for key, value in details.items()}
    states = import_string(STATES_OF[event.target_type]) if event.target_type in STATES_OF else None
    told = describe_event(AuditEvent(action=event.action, details=details), ADMIN_LABELS, states)
    return action_name(event.action) if told == event.action else told
