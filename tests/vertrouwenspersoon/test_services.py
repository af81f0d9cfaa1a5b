import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.models import AuditEvent
from apps.core.policy import has_object_perm
from apps.vertrouwenspersoon import keys, policy, services, tasks
from apps.vertrouwenspersoon.models import (
    Author,
    CaseLogEntry,
    LogAction,
    ReadEvent,
    Report,
    ReportGroupObjectPermission,
    ReportUserObjectPermission,
    SharedSummary,
    Status,
    TransferProposal,
)
from tests.keys import plain

pytestmark = pytest.mark.django_db

TEXT = "Mijn teamleider scheldt mij uit waar collega's bij zijn."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def queued(monkeypatch):
    """The notification tasks queued after commit, as (task, args); nothing is sent."""
    calls: list[tuple[str, tuple]] = []
    for name in ("notify_counsellor", "notify_reporter"):
        monkeypatch.setattr(
            getattr(tasks, name),
            "apply_async",
            lambda args, _n=name, **options: calls.append((_n, tuple(args))),
        )
    return calls


@pytest.fixture
def other_counsellor(make_user):
    return make_user("tweede-vp", [Role.COUNSELLOR])


def only_counsellors(*users):
    """Leave only these counsellors active (conftest may define more)."""
    others = User.objects.filter(groups__name=Role.COUNSELLOR).exclude(pk__in=[user.pk for user in users])
    others.update(is_active=False)


def submit(personas, anonymous=False, counsellor="vertrouwenspersoon", files=(), reporter="medewerker"):
    return services.report_submit(
        reporter=personas[reporter],
        category="pesten",
        text=TEXT,
        counsellor=personas[counsellor] if isinstance(counsellor, str) else counsellor,
        anonymous=anonymous,
        files=files,
    )


def upload(content=b"bijlage", name="bewijs.txt"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


# --- submitting ---------------------------------------------------------------------


def test_the_counsellor_handles_and_the_named_reporter_follows_the_report(personas):
    report = submit(personas).report
    assert has_object_perm(personas["vertrouwenspersoon"], policy.HANDLE, report)
    assert has_object_perm(personas["medewerker"], policy.FOLLOW, report)
    assert not has_object_perm(personas["medewerker"], policy.HANDLE, report)
    assert not has_object_perm(personas["vertrouwenspersoon"], policy.FOLLOW, report)


def test_nobody_follows_an_anonymous_report(personas):
    submitted = submit(personas, anonymous=True)
    report = submitted.report
    assert report.reporter is None and report.is_anonymous
    holders = set(
        ReportUserObjectPermission.objects.filter(content_object=report).values_list("user", flat=True)
    )
    assert holders == {personas["vertrouwenspersoon"].pk}
    assert not ReportGroupObjectPermission.objects.filter(content_object=report).exists()
    assert not has_object_perm(personas["medewerker"], policy.FOLLOW, report)


def test_an_anonymous_report_gets_a_receipt_code_that_finds_it(personas):
    from apps.vertrouwenspersoon import receipts

    submitted = submit(personas, anonymous=True)
    assert submitted.receipt_code is not None
    assert policy.report_for_receipt_code_hash(receipts.code_hash(submitted.receipt_code)) == submitted.report
    # A named reporter gets a code too now: it opens their envelope, but finds no report.
    named = submit(personas)
    assert named.receipt_code
    assert keys.key_for_receipt_code(named.report, named.receipt_code).raw == named.key.raw
    assert policy.report_for_receipt_code_hash(receipts.code_hash(named.receipt_code)) is None


def test_attachments_are_granted_to_counsellor_and_named_reporter_only(personas):
    report = submit(personas, files=[upload()]).report
    attachment = report.attachments.get()
    assert policy.get_attachment_for_user(personas["vertrouwenspersoon"], attachment.pk) == attachment
    assert policy.get_attachment_for_user(personas["medewerker"], attachment.pk) == attachment
    with pytest.raises(Http404):
        policy.get_attachment_for_user(personas["hr"], attachment.pk)


def test_first_available_picks_the_counsellor_with_the_fewest_open_cases(personas, other_counsellor):
    busy = personas["vertrouwenspersoon"]
    only_counsellors(busy, other_counsellor)
    submit(personas, counsellor=busy)
    submit(personas, counsellor=busy)
    for _ in range(3):  # closed cases do not count
        services.report_set_status(
            report=submit(personas, counsellor=other_counsellor).report, status=Status.CLOSED
        )
    submit(personas, counsellor=other_counsellor)
    assert services.first_available_counsellor() == other_counsellor
    assert submit(personas, counsellor=None).report.counsellor == other_counsellor


def test_first_available_skips_inactive_counsellors(personas, other_counsellor):
    submit(personas, counsellor=personas["vertrouwenspersoon"])
    only_counsellors(personas["vertrouwenspersoon"])
    assert services.first_available_counsellor() == personas["vertrouwenspersoon"]


def test_it_refuses_to_submit_to_someone_who_is_not_a_counsellor(personas):
    for name in ("hr", "bestuurder", "medewerker", "superuser"):
        with pytest.raises(ValidationError):
            submit(personas, counsellor=name)
    assert not Report.objects.exists()


def test_it_refuses_an_inactive_counsellor(personas):
    counsellor = personas["vertrouwenspersoon"]
    counsellor.is_active = False
    counsellor.save()
    with pytest.raises(ValidationError):
        submit(personas, counsellor=counsellor)


def test_without_any_counsellor_first_available_refuses(personas):
    only_counsellors()
    with pytest.raises(ValidationError):
        submit(personas, counsellor=None)


def test_submitting_logs_the_case_and_queues_only_the_counsellor_mail(
    personas, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(personas).report
    assert queued == [("notify_counsellor", (str(report.pk), "new_report"))]
    assert list(report.log.values_list("action", flat=True)) == [LogAction.SUBMITTED]


# --- messages -------------------------------------------------------------------------


def test_a_message_on_a_closed_report_is_refused(personas):
    submitted = submit(personas)
    report = submitted.report
    services.report_set_status(report=report, status=Status.CLOSED)
    with pytest.raises(ValidationError):
        services.message_post(report=report, key=submitted.key, author=Author.REPORTER, body="Nog iets")
    assert not report.messages.exists()


def test_an_empty_message_is_refused(personas):
    submitted = submit(personas)
    with pytest.raises(ValidationError):
        services.message_post(
            report=submitted.report, key=submitted.key, author=Author.COUNSELLOR, body="   "
        )


def test_a_counsellor_message_starts_the_case_and_notifies_a_named_reporter(
    personas, queued, django_capture_on_commit_callbacks
):
    submitted = submit(personas)
    report = submitted.report
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            report=report, key=submitted.key, author=Author.COUNSELLOR, body="Zullen we praten?"
        )
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert queued == [("notify_reporter", (str(report.pk), "new_message"))]


def test_a_counsellor_message_notifies_nobody_for_an_anonymous_report(
    personas, queued, django_capture_on_commit_callbacks
):
    submitted = submit(personas, anonymous=True)
    report = submitted.report
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            report=report, key=submitted.key, author=Author.COUNSELLOR, body="Zullen we praten?"
        )
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert queued == []


def test_a_reporter_message_notifies_the_counsellor(personas, queued, django_capture_on_commit_callbacks):
    submitted = submit(personas)
    report = submitted.report
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(report=report, key=submitted.key, author=Author.REPORTER, body="Aanvulling")
    assert queued == [("notify_counsellor", (str(report.pk), "new_message"))]
    assert report.status == Status.NEW


def test_message_and_its_attachments_reach_only_the_participants(personas):
    submitted = submit(personas)
    message = services.message_post(
        report=submitted.report,
        key=submitted.key,
        author=Author.REPORTER,
        body="Zie bijlage",
        files=[upload()],
    )
    attachment = message.attachments.get()
    for name in ("vertrouwenspersoon", "medewerker"):
        assert has_object_perm(personas[name], "vertrouwenspersoon.view_reportmessage", message)
        assert has_object_perm(personas[name], policy.VIEW_ATTACHMENT, attachment)
    assert not has_object_perm(personas["hr"], "vertrouwenspersoon.view_reportmessage", message)


def test_an_anonymous_reporter_read_is_recorded_without_account(personas):
    report = submit(personas, anonymous=True).report
    services.read_record(report=report, reader=personas["medewerker"], role=Author.REPORTER, what="melding")
    assert ReadEvent.objects.get(report=report).reader is None


# --- summaries --------------------------------------------------------------------------


def test_consent_lets_the_recipient_read_the_summary_and_revoking_takes_it_back(personas):
    submitted = submit(personas)
    hr = personas["hr"]
    summary = services.summary_propose(
        report=submitted.report, key=submitted.key, recipient=hr, text="Conflict in het team"
    )
    assert list(policy.summaries_shared_with(hr)) == []
    services.summary_consent(summary=summary, key=submitted.key)
    assert list(policy.summaries_shared_with(hr)) == [summary]
    assert policy.get_summary_for_recipient(hr, summary.pk) == summary
    services.summary_revoke(summary=summary)
    assert list(policy.summaries_shared_with(hr)) == []
    with pytest.raises(Http404):
        policy.get_summary_for_recipient(hr, summary.pk)


def test_a_declined_summary_is_never_shared(personas):
    submitted = submit(personas)
    summary = services.summary_propose(
        report=submitted.report, key=submitted.key, recipient=personas["hr"], text="x"
    )
    services.summary_decline(summary=summary)
    assert list(policy.summaries_shared_with(personas["hr"])) == []


def test_a_summary_cannot_be_decided_twice(personas):
    submitted = submit(personas)
    summary = services.summary_propose(
        report=submitted.report, key=submitted.key, recipient=personas["hr"], text="x"
    )
    services.summary_consent(summary=summary, key=submitted.key)
    with pytest.raises(ValidationError):
        services.summary_consent(summary=summary, key=submitted.key)
    with pytest.raises(ValidationError):
        services.summary_decline(summary=summary)
    services.summary_revoke(summary=summary)
    with pytest.raises(ValidationError):
        services.summary_revoke(summary=summary)
    summary.refresh_from_db()
    assert summary.state == SharedSummary.State.REVOKED


def test_a_summary_is_not_proposed_to_the_counsellor_or_an_inactive_user(personas):
    submitted = submit(personas)
    report, key = submitted.report, submitted.key
    with pytest.raises(ValidationError):
        services.summary_propose(report=report, key=key, recipient=personas["vertrouwenspersoon"], text="x")
    hr = personas["hr"]
    hr.is_active = False
    hr.save()
    with pytest.raises(ValidationError):
        services.summary_propose(report=report, key=key, recipient=hr, text="x")


# --- confidentiality, transfer, reassignment ---------------------------------------------


def test_breaking_confidentiality_needs_a_reason_of_twenty_characters(personas):
    submitted = submit(personas)
    report, key = submitted.report, submitted.key
    for reason in ("", "te kort", "   negentien tekens   ".center(40), "x" * 19):
        with pytest.raises(ValidationError):
            services.confidentiality_break(report=report, key=key, reason=reason)
    assert not report.log.filter(action=LogAction.CONFIDENTIALITY_BROKEN).exists()
    services.confidentiality_break(report=report, key=key, reason="Acuut gevaar voor een collega.")
    entry = report.log.get(action=LogAction.CONFIDENTIALITY_BROKEN)
    assert plain(report, entry.reason) == "Acuut gevaar voor een collega."
    assert entry.detail == report.counsellor.display_name  # who broke it, in the encrypted log


def test_an_accepted_transfer_moves_every_permission_to_the_new_counsellor(personas, other_counsellor):
    old = personas["vertrouwenspersoon"]
    submitted = submit(personas, files=[upload()])
    report, key = submitted.report, submitted.key
    message = services.message_post(
        report=report, key=key, author=Author.COUNSELLOR, body="Hallo", files=[upload()]
    )
    attachments = list(report.attachments.all())
    proposal = services.transfer_propose(report=report, to_counsellor=other_counsellor)
    services.transfer_decide(proposal=proposal, accept=True, key=key)

    report.refresh_from_db()
    assert report.counsellor == other_counsellor
    assert policy.get_report_for_counsellor(other_counsellor, report.pk) == report
    with pytest.raises(Http404):
        policy.get_report_for_counsellor(old, report.pk)
    assert list(policy.reports_handled_by(old)) == []
    for perm in ("view_report", "change_report", "handle_report"):
        assert has_object_perm(other_counsellor, f"vertrouwenspersoon.{perm}", report)
        assert not has_object_perm(old, f"vertrouwenspersoon.{perm}", report)
    assert has_object_perm(other_counsellor, "vertrouwenspersoon.view_reportmessage", message)
    assert not has_object_perm(old, "vertrouwenspersoon.view_reportmessage", message)
    assert len(attachments) == 2
    for attachment in attachments:
        assert policy.get_attachment_for_user(other_counsellor, attachment.pk) == attachment
        with pytest.raises(Http404):
            policy.get_attachment_for_user(old, attachment.pk)
    # The reporter keeps following the report.
    assert policy.get_report_for_reporter(personas["medewerker"], report.pk) == report
    assert report.log.filter(action=LogAction.TRANSFERRED).exists()


def test_a_declined_transfer_changes_nothing(personas, other_counsellor):
    submitted = submit(personas)
    report, key = submitted.report, submitted.key
    proposal = services.transfer_propose(report=report, to_counsellor=other_counsellor)
    services.transfer_decide(proposal=proposal, accept=False, key=key)
    report.refresh_from_db()
    assert report.counsellor == personas["vertrouwenspersoon"]
    with pytest.raises(Http404):
        policy.get_report_for_counsellor(other_counsellor, report.pk)
    with pytest.raises(ValidationError):
        services.transfer_decide(proposal=proposal, accept=True, key=key)


def test_a_transfer_goes_only_to_another_active_counsellor(personas):
    report = submit(personas).report
    for target in (personas["hr"], personas["vertrouwenspersoon"]):
        with pytest.raises(ValidationError):
            services.transfer_propose(report=report, to_counsellor=target)
    assert not TransferProposal.objects.exists()


def test_reassignment_by_an_admin_moves_the_case_and_is_audited_without_content(
    personas, other_counsellor, queued, django_capture_on_commit_callbacks
):
    old = personas["vertrouwenspersoon"]
    report = submit(personas, files=[upload()]).report
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reassign(actor=personas["superuser"], report=report, to_counsellor=other_counsellor)
    assert policy.get_report_for_counsellor(other_counsellor, report.pk) == report
    with pytest.raises(Http404):
        policy.get_report_for_counsellor(old, report.pk)
    event = AuditEvent.objects.get(action="report_reassigned")
    assert (event.actor, event.target_type, event.target_id) == (
        personas["superuser"],
        "vertrouwenspersoon.report",
        str(report.pk),
    )
    # Who moved it from whom to whom, as ids; nothing of the content.
    assert event.details == {"from": old.pk, "to": other_counsellor.pk}
    assert TEXT not in str(AuditEvent.objects.values_list())
    assert report.log.filter(action=LogAction.REASSIGNED).exists()
    assert sorted(name for name, _ in queued) == ["notify_counsellor", "notify_reporter"]


def test_reassigning_to_the_same_counsellor_does_nothing(personas):
    report = submit(personas).report
    services.report_reassign(actor=personas["superuser"], report=report, to_counsellor=report.counsellor)
    assert not AuditEvent.objects.filter(action="report_reassigned").exists()
    assert not report.log.filter(action=LogAction.REASSIGNED).exists()


def test_reassignment_refuses_a_non_counsellor(personas):
    report = submit(personas).report
    with pytest.raises(ValidationError):
        services.report_reassign(actor=personas["superuser"], report=report, to_counsellor=personas["hr"])
    assert policy.get_report_for_counsellor(personas["vertrouwenspersoon"], report.pk) == report


# --- admins get nothing ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["superuser", "staff"])
def test_admins_get_nothing_through_the_policy(personas, name):
    admin = personas[name]
    # Even every model-wide permission grants no object.
    admin.user_permissions.add(*Permission.objects.filter(content_type__app_label="vertrouwenspersoon"))
    submitted = submit(personas, files=[upload()])
    report = submitted.report
    summary = services.summary_propose(report=report, key=submitted.key, recipient=personas["hr"], text="x")
    services.summary_consent(summary=summary, key=submitted.key)
    admin = type(admin).objects.get(pk=admin.pk)  # drop the permission cache
    assert list(policy.reports_handled_by(admin)) == []
    assert list(policy.reports_followed_by(admin)) == []
    assert list(policy.summaries_shared_with(admin)) == []
    with pytest.raises(Http404):
        policy.get_report_for_counsellor(admin, report.pk)
    with pytest.raises(Http404):
        policy.get_report_for_reporter(admin, report.pk)
    with pytest.raises(Http404):
        policy.get_attachment_for_user(admin, report.attachments.get().pk)
    with pytest.raises(Http404):
        policy.get_summary_for_recipient(admin, summary.pk)


def test_case_log_entries_carry_no_content(personas):
    submitted = submit(personas)
    report, key = submitted.report, submitted.key
    services.message_post(report=report, key=key, author=Author.COUNSELLOR, body="Geheim bericht")
    services.note_add(report=report, key=key, body="Geheime notitie")
    services.report_set_status(report=report, status=Status.CLOSED)
    entries = list(CaseLogEntry.objects.filter(report=report).values_list("action", "detail"))
    assert entries == [
        (LogAction.SUBMITTED, ""),
        (LogAction.MESSAGE_COUNSELLOR, ""),
        (LogAction.ACKNOWLEDGED, ""),
        (LogAction.STATUS_CHANGED, Status.IN_PROGRESS),
        (LogAction.NOTE_ADDED, ""),
        (LogAction.STATUS_CHANGED, Status.CLOSED),
    ]
