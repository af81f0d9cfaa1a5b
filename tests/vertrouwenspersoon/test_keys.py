"""The counsellors' keys: what opens them (password, recovery key), what does not (an
admin's password reset), and how a case reaches another counsellor (a transfer the
reporter agrees to; a reassignment that stays locked until the reporter consents or
the previous counsellor's recovery key re-seals it)."""

import re
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.accounts.roles import Role
from apps.accounts.services import user_set_roles
from apps.core import sealing
from apps.core.models import AuditEvent
from apps.vertrouwenspersoon import keys, policy, services
from apps.vertrouwenspersoon.models import Author, CounsellorKey, Report, ReportKey, TransferProposal
from tests.conftest import client_for
from tests.keys import PASSWORD, RECOVERY_KEYS, english_client, sign_in
from tests.otp import confirmed_device

pytestmark = pytest.mark.django_db

TEXT = "Sleutel-Koolmees: mijn collega pest mij al maanden."
MESSAGE = "Sleutel-Pimpelmees: wanneer kunnen we praten?"
NOTE = "Sleutel-Staartmees: melder is bang voor represailles."
ANON_TEXT = "Sleutel-Goudhaan: er verdwijnt materiaal uit het magazijn."
NEW_PASSWORD = "nieuw-wachtwoord-van-beheer-77"
CHANGED_PASSWORD = "zelf-gekozen-wachtwoord-88"
RECOVERY_PATTERN = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b")


# --- signing in through the real pages ----------------------------------------------------


def english_admin(personas) -> Client:
    admin = client_for(personas["superuser"])
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin


def table_dump() -> str:
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                values.extend(
                    bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v) for v in row
                )
    return "\n".join(values)


def page(response) -> str:
    return response.content.decode()


KEY_PAGE = reverse("vertrouwenspersoon:key")
RECOVER_PAGE = reverse("vertrouwenspersoon:key-recover")
PREVIOUS_PAGE = reverse("vertrouwenspersoon:key-previous")


def case_url(report) -> str:
    return reverse("vertrouwenspersoon:case-detail", args=[report.pk])


def goes_to_key_page(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(KEY_PAGE)


# --- the people and a case ----------------------------------------------------------------


@pytest.fixture
def counsellor(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    return user


@pytest.fixture
def other_counsellor(personas):
    user = personas["andere_vertrouwenspersoon"]
    confirmed_device(user)
    return user


@pytest.fixture
def third_counsellor(make_user):
    user = make_user("derde-vp", [Role.COUNSELLOR], email="derde@example.org")
    confirmed_device(user)
    return user


@pytest.fixture
def reporter(personas):
    return personas["medewerker"]


@pytest.fixture
def submitted(counsellor, reporter):
    """A named melding with a message and a note."""
    done = services.report_submit(
        reporter=reporter, category="pesten", text=TEXT, counsellor=counsellor, anonymous=False
    )
    services.message_post(report=done.report, key=done.key, author=Author.COUNSELLOR, body=MESSAGE)
    services.note_add(report=done.report, key=done.key, body=NOTE)
    return done


@pytest.fixture
def anonymous_submitted(counsellor):
    return services.report_submit(
        reporter=None, category="diefstal", text=ANON_TEXT, counsellor=counsellor, anonymous=True
    )


def counsellor_without_key_pair(make_user, username: str = "nieuwe-vp"):
    """Given the Counsellor role after the factory: no key pair yet."""
    user = make_user(username, [], email=f"{username}@example.org")
    user.groups.add(Group.objects.get_or_create(name=Role.COUNSELLOR)[0])
    user.__dict__.pop("role_names", None)
    confirmed_device(user)
    assert not keys.has_key_pair(user)
    return user


def reassign_in_the_admin(admin: Client, report, to) -> None:
    response = admin.post(
        reverse("admin:vertrouwenspersoon_report_change", args=[report.pk]),
        {"counsellor": to.pk, "_save": "Save"},
    )
    assert response.status_code == 302, page(response)


def reset_password_in_the_admin(admin: Client, user, password: str = NEW_PASSWORD):
    return admin.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": password, "password2": password, "usable_password": "true"},
    )


# --- an admin's password reset opens nothing ------------------------------------------------


def test_an_admin_password_reset_opens_no_case_and_is_audited(personas, counsellor, submitted):
    before = CounsellorKey.objects.get(counsellor=counsellor)

    response = reset_password_in_the_admin(english_admin(personas), counsellor)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="password_set_by_admin")
    assert event.actor == personas["superuser"] and event.target_id == str(counsellor.pk)
    assert bytes(CounsellorKey.objects.get(counsellor=counsellor).secret_wrapped) == bytes(
        before.secret_wrapped
    )
    browser = sign_in(counsellor, NEW_PASSWORD)
    assert goes_to_key_page(browser.get(case_url(submitted.report)))
    stale = page(browser.post(KEY_PAGE, {"password": NEW_PASSWORD}))
    assert "your key is still locked with an earlier password" in stale
    assert TEXT not in stale
    assert goes_to_key_page(browser.get(case_url(submitted.report)))


def test_a_failed_admin_password_reset_is_not_audited(personas, counsellor):
    response = english_admin(personas).post(
        reverse("admin:auth_user_password_change", args=[counsellor.pk]),
        {"password1": NEW_PASSWORD, "password2": "something else", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="password_set_by_admin").exists()


def test_the_recovery_key_reopens_the_key_after_a_reset(personas, counsellor, submitted):
    reset_password_in_the_admin(english_admin(personas), counsellor)
    browser = sign_in(counsellor, NEW_PASSWORD)
    recovery = RECOVERY_KEYS[counsellor.pk]

    response = browser.post(
        RECOVER_PAGE,
        {"recovery": recovery.lower(), "password": NEW_PASSWORD, "next": case_url(submitted.report)},
    )

    assert response.status_code == 302 and response["Location"] == case_url(submitted.report)
    text = page(browser.get(case_url(submitted.report)))
    assert TEXT in text and MESSAGE in text and NOTE in text
    assert AuditEvent.objects.filter(action="counsellor_key_recovered", actor=counsellor).exists()
    # Locked with the new password now: the next login opens it at once.
    assert TEXT in page(sign_in(counsellor, NEW_PASSWORD).get(case_url(submitted.report)))


def test_a_wrong_recovery_key_gives_a_clear_error_and_changes_nothing(personas, counsellor, submitted):
    reset_password_in_the_admin(english_admin(personas), counsellor)
    browser = sign_in(counsellor, NEW_PASSWORD)
    before = CounsellorKey.objects.get(counsellor=counsellor)

    for wrong in (sealing.new_recovery_key(), "ABCD-EFGH"):
        response = browser.post(RECOVER_PAGE, {"recovery": wrong, "password": NEW_PASSWORD})
        assert response.status_code == 200
        assert "This recovery key does not open your key" in page(response)

    after = CounsellorKey.objects.get(counsellor=counsellor)
    assert bytes(after.secret_wrapped) == bytes(before.secret_wrapped)
    assert bytes(after.secret_salt) == bytes(before.secret_salt)
    assert not AuditEvent.objects.filter(action="counsellor_key_recovered").exists()
    assert goes_to_key_page(browser.get(case_url(submitted.report)))


def test_the_recovery_page_asks_for_the_current_password(personas, counsellor, submitted):
    reset_password_in_the_admin(english_admin(personas), counsellor)
    browser = sign_in(counsellor, NEW_PASSWORD)
    response = browser.post(RECOVER_PAGE, {"recovery": RECOVERY_KEYS[counsellor.pk], "password": PASSWORD})
    assert "This is not your password" in page(response)
    assert goes_to_key_page(browser.get(case_url(submitted.report)))


# --- a password change keeps the key --------------------------------------------------------


def change_password(browser: Client, old: str, new: str):
    return browser.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_a_password_change_rewraps_the_key_for_the_next_login(counsellor, submitted):
    browser = sign_in(counsellor)
    assert change_password(browser, PASSWORD, CHANGED_PASSWORD).status_code == 302
    assert TEXT in page(browser.get(case_url(submitted.report)))  # still open in this session

    assert TEXT in page(sign_in(counsellor, CHANGED_PASSWORD).get(case_url(submitted.report)))
    with pytest.raises(sealing.Locked):
        keys.private_key_unlock(counsellor=counsellor, secret=PASSWORD)


def test_a_password_change_without_the_key_in_the_session_rewraps_it_with_the_old_password(
    counsellor, submitted
):
    browser = sign_in(counsellor)
    del browser.cookies["portal_kluis"]  # the vault cannot be opened in this session
    assert change_password(browser, PASSWORD, CHANGED_PASSWORD).status_code == 302

    assert keys.private_key_unlock(counsellor=counsellor, secret=CHANGED_PASSWORD)
    assert TEXT in page(sign_in(counsellor, CHANGED_PASSWORD).get(case_url(submitted.report)))


def test_a_refused_password_change_keeps_the_old_password_on_the_key(counsellor):
    browser = sign_in(counsellor)
    assert change_password(browser, "not my password", CHANGED_PASSWORD).status_code == 200
    assert keys.private_key_unlock(counsellor=counsellor, secret=PASSWORD)


# --- making a key ---------------------------------------------------------------------------


def test_the_setup_page_shows_the_recovery_key_once_and_new_meldingen_then_open(make_user, login, reporter):
    newcomer = counsellor_without_key_pair(make_user)
    browser = sign_in(newcomer)
    first = page(browser.get(KEY_PAGE))
    assert "Make my key" in first and not RECOVERY_PATTERN.search(first)

    made = page(browser.post(KEY_PAGE, {"password": PASSWORD}))

    [recovery] = set(RECOVERY_PATTERN.findall(made))
    assert keys.private_key_with_recovery(newcomer, recovery)
    again = page(browser.get(KEY_PAGE))
    assert "Your key is unlocked for this session" in again and recovery not in again
    dump = table_dump()
    assert recovery not in dump and recovery.replace("-", "") not in dump  # stored nowhere

    # Now offered on the melding form, and the melding sent to them opens for them.
    sender = login(reporter)
    form = page(sender.get(reverse("vertrouwenspersoon:report-create")))
    assert f'value="{newcomer.pk}"' in form
    sender.post(
        reverse("vertrouwenspersoon:report-create"),
        {"category": "pesten", "text": TEXT, "counsellor": newcomer.pk, "submission": uuid.uuid4().hex},
    )
    report = Report.objects.get(counsellor=newcomer)
    assert TEXT in page(browser.get(case_url(report)))


def test_the_setup_page_refuses_a_wrong_password_and_makes_no_key(make_user):
    newcomer = counsellor_without_key_pair(make_user)
    browser = sign_in(newcomer)
    response = browser.post(KEY_PAGE, {"password": "not my password"})
    assert "This is not your password" in page(response)
    assert not keys.has_key_pair(newcomer)


def test_a_counsellor_without_a_key_pair_is_not_offered_on_the_melding_form(
    make_user, login, reporter, counsellor
):
    newcomer = counsellor_without_key_pair(make_user)
    sender = login(reporter)
    for url in (reverse("vertrouwenspersoon:report-create"), reverse("vertrouwenspersoon:anonymous-create")):
        form = page(sender.get(url))
        assert f'value="{counsellor.pk}"' in form  # the list is there
        assert f'value="{newcomer.pk}"' not in form
    response = sender.post(
        reverse("vertrouwenspersoon:report-create"),
        {"category": "pesten", "text": TEXT, "counsellor": newcomer.pk, "submission": uuid.uuid4().hex},
    )
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert newcomer not in policy.counsellors()


def test_the_first_available_counsellor_is_never_one_without_a_key_pair(make_user, personas, reporter):
    newcomer = counsellor_without_key_pair(make_user)
    # Everyone else is busier: on open cases alone the newcomer would be first.
    for name in ("vertrouwenspersoon", "andere_vertrouwenspersoon"):
        services.report_submit(
            reporter=reporter, category="pesten", text=TEXT, counsellor=personas[name], anonymous=False
        )
    assert services.first_available_counsellor() != newcomer
    done = services.report_submit(
        reporter=reporter, category="pesten", text=TEXT, counsellor=None, anonymous=False
    )
    assert done.report.counsellor != newcomer


def test_the_service_refuses_a_counsellor_without_a_key_pair(make_user, reporter):
    from django.core.exceptions import ValidationError

    newcomer = counsellor_without_key_pair(make_user)
    with pytest.raises(ValidationError):
        services.report_submit(
            reporter=reporter, category="pesten", text=TEXT, counsellor=newcomer, anonymous=False
        )


# --- a transfer the reporter agrees to ------------------------------------------------------


def test_a_transfer_with_consent_opens_for_the_new_counsellor_and_closes_for_the_old(
    counsellor, other_counsellor, reporter, submitted, login
):
    report = submitted.report
    old = sign_in(counsellor)
    response = old.post(
        reverse("vertrouwenspersoon:case-transfer", args=[report.pk]),
        {"transfer-to_counsellor": other_counsellor.pk},
    )
    assert response.status_code == 302
    proposal = TransferProposal.objects.get(report=report)
    assert sign_in(other_counsellor).get(case_url(report)).status_code == 404  # nothing moved yet

    reporter_browser = login(reporter)
    response = reporter_browser.post(
        reverse("vertrouwenspersoon:report-transfer-decide", args=[report.pk]),
        {"decision": "accept", "proposal": proposal.pk},
    )
    assert response.status_code == 302

    new = client_for(other_counsellor)
    text = page(new.get(case_url(report)))
    assert TEXT in text and MESSAGE in text and NOTE in text
    assert old.get(case_url(report)).status_code == 404
    envelopes = ReportKey.objects.filter(report=report, holder=ReportKey.Holder.COUNSELLOR)
    assert list(envelopes.values_list("counsellor", flat=True)) == [other_counsellor.pk]
    assert keys.key_for_counsellor(report, counsellor, _private_key(counsellor)) is None


def _private_key(user) -> bytes:
    from tests.keys import PRIVATE_KEYS

    return PRIVATE_KEYS[user.pk]


# --- a reassignment by the admin stays locked until the reporter consents ---------------------


def test_a_reassigned_named_case_is_locked_until_the_reporter_consents(
    personas,
    counsellor,
    other_counsellor,
    third_counsellor,
    reporter,
    submitted,
    login,
    django_capture_on_commit_callbacks,
):
    report = submitted.report
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        reassign_in_the_admin(english_admin(personas), report, other_counsellor)

    colleagues = {
        address
        for message in mail.outbox
        # Mails go out in the portal's language (Dutch), whoever caused them.
        if message.subject == "Een beheerder heeft een dossier naar een andere vertrouwenspersoon verplaatst"
        for address in message.to
    }
    assert colleagues == {counsellor.email, third_counsellor.email}
    new = client_for(other_counsellor)
    new.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    locked = page(new.get(case_url(report)))
    assert "Content locked" in locked and TEXT not in locked and NOTE not in locked
    message = new.post(
        reverse("vertrouwenspersoon:case-message", args=[report.pk]), {"message-body": "Hallo"}
    )
    assert message.status_code == 409

    reporter_browser = login(reporter)
    reporter_browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    asked = page(reporter_browser.get(reverse("vertrouwenspersoon:report-detail", args=[report.pk])))
    assert f"May {other_counsellor.display_name} read your report?" in asked
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        shared = reporter_browser.post(reverse("vertrouwenspersoon:report-key-share", args=[report.pk]))
    assert shared.status_code == 302

    text = page(new.get(case_url(report)))
    assert TEXT in text and MESSAGE in text and NOTE in text and "Content locked" not in text
    assert [message.to for message in mail.outbox] == [[other_counsellor.email]]
    assert mail.outbox[0].subject == "Een melder geeft u inzage in zijn of haar melding"
    assert not keys.is_sealed_for(report, counsellor)


def test_a_reassigned_anonymous_case_opens_when_the_reporter_consents_with_the_code(
    personas, counsellor, other_counsellor, anonymous_submitted
):
    report = anonymous_submitted.report
    reassign_in_the_admin(english_admin(personas), report, other_counsellor)
    new = client_for(other_counsellor)
    assert ANON_TEXT not in page(new.get(case_url(report)))

    anonymous = english_client()
    anonymous.post(reverse("vertrouwenspersoon:receipt-start"), {"code": anonymous_submitted.receipt_code})
    assert "read your report?" in page(anonymous.get(reverse("vertrouwenspersoon:receipt-detail")))
    response = anonymous.post(reverse("vertrouwenspersoon:receipt-key-share"))
    assert response.status_code == 302

    assert ANON_TEXT in page(new.get(case_url(report)))


def test_the_previous_counsellors_recovery_key_reseals_the_reassigned_cases(
    personas, counsellor, other_counsellor, submitted, anonymous_submitted
):
    admin = english_admin(personas)
    for done in (submitted, anonymous_submitted):
        reassign_in_the_admin(admin, done.report, other_counsellor)
    new = client_for(other_counsellor)
    new.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    wrong = new.post(PREVIOUS_PAGE, {"recovery": RECOVERY_KEYS[other_counsellor.pk]})
    assert "This recovery key opens none of your locked cases" in page(wrong)
    assert ANON_TEXT not in page(new.get(case_url(anonymous_submitted.report)))

    response = new.post(PREVIOUS_PAGE, {"recovery": RECOVERY_KEYS[counsellor.pk]})

    assert "2 cases can now be read by you" in page(response)
    assert TEXT in page(new.get(case_url(submitted.report)))
    assert ANON_TEXT in page(new.get(case_url(anonymous_submitted.report)))
    assert not ReportKey.objects.filter(holder=ReportKey.Holder.COUNSELLOR, counsellor=counsellor).exists()
    assert AuditEvent.objects.filter(action="reports_resealed_with_recovery", actor=other_counsellor).exists()


# --- a new counsellor is announced to the others ----------------------------------------------


def test_granting_the_counsellor_role_mails_the_other_counsellors(
    personas, counsellor, other_counsellor, django_capture_on_commit_callbacks
):
    newcomer = personas["outsider"]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        user_set_roles(actor=personas["superuser"], user=newcomer, roles=[Role.COUNSELLOR])

    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [counsellor.email, other_counsellor.email]
    )
    for message in mail.outbox:
        assert message.subject == "Iemand is vertrouwenspersoon gemaakt"  # the portal's language
        assert newcomer.display_name in message.body


def test_granting_another_role_or_keeping_the_counsellor_role_mails_nobody(
    personas, counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_set_roles(actor=personas["superuser"], user=personas["outsider"], roles=[Role.EMPLOYEE])
        user_set_roles(actor=personas["superuser"], user=counsellor, roles=[Role.COUNSELLOR])
    assert mail.outbox == []


# --- the migration from the server's key ------------------------------------------------------

OLD_TEXT = "Migratie-Kwartel: een melding van voor de verzegeling."
OLD_ANON_TEXT = "Migratie-Patrijs: anoniem, van voor de verzegeling."
OLD_MESSAGE = "Migratie-Fazant: een bericht van voor de verzegeling."
OLD_NOTE = "Migratie-Korhoen: een notitie van voor de verzegeling."
OLD_SUMMARY = "Migratie-Auerhoen: een gedeelde samenvatting."
OLD_REASON = "Migratie-Hazelhoen: de reden om de geheimhouding te doorbreken."
OLD_FILE_NAME = "Migratie-Steenhoen.txt"
OLD_FILE_BYTES = b"Migratie-Sneeuwhoen: de bijlage van voor de verzegeling."
BEFORE = ("vertrouwenspersoon", "0003_case_list_index")
AFTER = ("vertrouwenspersoon", "0005_reseal_existing_reports")


SEALED_SCHEMA = ("vertrouwenspersoon", "0004_sealed_content")


def migrate(targets: list[tuple[str, str]], fake: bool = False):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(targets, fake=fake)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def raw_column(table: str, column: str, pk) -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        query = f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s"  # noqa: S608
        cursor.execute(query, [pk.hex if connection.vendor == "sqlite" else pk])
        return cursor.fetchone()[0]


@pytest.fixture
def before_sealing(transactional_db):
    """The database at 0003 (content under the server's Fernet key); back at the newest after."""
    from django.db.migrations.executor import MigrationExecutor

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # 0005 cannot be undone (it re-seals data); with no meldingen in the database, marking
    # it unapplied is the same as undoing it.
    migrate([SEALED_SCHEMA], fake=True)
    yield migrate([BEFORE])
    migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_the_migration_reseals_old_meldingen_with_a_key_of_their_own(before_sealing, make_user):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from apps.core import crypto
    from apps.vertrouwenspersoon import receipts
    from apps.vertrouwenspersoon.models import (
        Attachment,
        CaseLogEntry,
        CaseNote,
        ReportMessage,
        SharedSummary,
    )

    old = before_sealing
    counsellor = make_user("vp-van-toen", [])  # the role, but no key pair yet (no table for it)
    counsellor.groups.add(Group.objects.get_or_create(name=Role.COUNSELLOR)[0])
    named_reporter = make_user("melder-van-toen", [Role.EMPLOYEE])
    recipient = make_user("hr-van-toen", [Role.EMPLOYEE, Role.HR])
    code = receipts.new_code()
    OldReport = old.get_model("vertrouwenspersoon", "Report")
    named = OldReport.objects.create(
        category="pesten", text=OLD_TEXT, counsellor_id=counsellor.pk, reporter_id=named_reporter.pk
    )
    anonymous = OldReport.objects.create(
        category="fraude",
        text=OLD_ANON_TEXT,
        counsellor_id=counsellor.pk,
        is_anonymous=True,
        receipt_code_hash=receipts.code_hash(code),
    )
    # The object permissions the old service gave (they did not change with the scheme).
    OldPermission = old.get_model("vertrouwenspersoon", "ReportUserObjectPermission")
    for user, report_pk, codenames in [
        (counsellor, named.pk, services.COUNSELLOR_REPORT_PERMS),
        (counsellor, anonymous.pk, services.COUNSELLOR_REPORT_PERMS),
        (named_reporter, named.pk, services.REPORTER_REPORT_PERMS),
    ]:
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="vertrouwenspersoon", codename=codename
            )
            OldPermission.objects.create(
                user_id=user.pk, permission_id=permission.pk, content_object_id=report_pk
            )
    old.get_model("vertrouwenspersoon", "ReportMessage").objects.create(
        report_id=named.pk, author="melder", body=OLD_MESSAGE
    )
    old.get_model("vertrouwenspersoon", "CaseNote").objects.create(report_id=named.pk, body=OLD_NOTE)
    old.get_model("vertrouwenspersoon", "SharedSummary").objects.create(
        report_id=named.pk, recipient_id=recipient.pk, text=OLD_SUMMARY, state="gedeeld"
    )
    old.get_model("vertrouwenspersoon", "CaseLogEntry").objects.create(
        report_id=named.pk, action="geheimhouding", detail="Naam", reason=OLD_REASON
    )
    stored_name = default_storage.save("meldingen/oud", ContentFile(crypto.encrypt(OLD_FILE_BYTES)))
    old.get_model("vertrouwenspersoon", "Attachment").objects.create(
        report_id=anonymous.pk, file=stored_name, filename=OLD_FILE_NAME, content_type="text/plain", size=10
    )
    # What the old scheme stored: Fernet tokens, which the server's key opens.
    old_token = raw_column("vertrouwenspersoon_report", "text", named.pk)
    assert old_token.startswith("gAAAAA") and crypto.decrypt_text(old_token) == OLD_TEXT

    migrate([AFTER])

    bridges = {row.report_id: row for row in ReportKey.objects.filter(holder=ReportKey.Holder.SERVER)}
    assert set(bridges) == {named.pk, anonymous.pk}
    assert {row.counsellor_id for row in bridges.values()} == {counsellor.pk}
    content_keys = {
        pk: sealing.ContentKey(crypto.decrypt(bytes(row.envelope))) for pk, row in bridges.items()
    }
    assert content_keys[named.pk].key_id != content_keys[anonymous.pk].key_id  # a key per melding
    key = content_keys[named.pk]
    assert raw_column("vertrouwenspersoon_report", "text", named.pk).startswith(sealing.TOKEN_PREFIX)
    report = Report.objects.get(pk=named.pk)
    assert key.open(report.text) == OLD_TEXT
    assert key.open(ReportMessage.objects.get(report=report).body) == OLD_MESSAGE
    assert key.open(CaseNote.objects.get(report=report).body) == OLD_NOTE
    summary = SharedSummary.objects.get(report=report)
    assert key.open(summary.text) == OLD_SUMMARY and summary.shared_text == OLD_SUMMARY
    breach = CaseLogEntry.objects.get(report=report, action="geheimhouding")
    assert key.open(breach.reason) == OLD_REASON and breach.detail == "Naam"
    attachment = Attachment.objects.get(report_id=anonymous.pk)
    anonymous_key = content_keys[anonymous.pk]
    assert anonymous_key.open(attachment.filename) == OLD_FILE_NAME
    with default_storage.open(attachment.file.name, "rb") as stored:
        on_disk = stored.read()
    assert not on_disk.startswith(b"gAAAAA") and b"Sneeuwhoen" not in on_disk
    assert anonymous_key.open_bytes(on_disk) == OLD_FILE_BYTES

    # The counsellor's first key pair gets its own envelopes; the bridges wait for the reporters.
    keys.key_pair_create(counsellor=counsellor, secret=PASSWORD)
    private_key = keys.private_key_unlock(counsellor=counsellor, secret=PASSWORD)
    for pk, content_key in content_keys.items():
        opened = keys.key_for_counsellor(Report.objects.get(pk=pk), counsellor, private_key)
        assert opened is not None and opened.raw == content_key.raw
    assert ReportKey.objects.filter(holder=ReportKey.Holder.SERVER).count() == 2

    # The anonymous reporter's visit with the code makes their envelope, and the bridge goes.
    visitor = english_client()
    response = visitor.post(reverse("vertrouwenspersoon:receipt-start"), {"code": code})
    assert response["Location"] == reverse("vertrouwenspersoon:receipt-detail")
    assert OLD_ANON_TEXT in page(visitor.get(reverse("vertrouwenspersoon:receipt-detail")))
    assert ReportKey.objects.filter(report_id=anonymous.pk, holder=ReportKey.Holder.REPORTER).exists()
    assert not ReportKey.objects.filter(report_id=anonymous.pk, holder=ReportKey.Holder.SERVER).exists()
    assert keys.key_for_receipt_code(Report.objects.get(pk=anonymous.pk), code).raw == anonymous_key.raw

    # The named reporter gets a receipt code of their own, shown once, and the bridge goes too.
    named_browser = english_client()
    named_browser.force_login(named_reporter)
    unlocked = named_browser.get(reverse("vertrouwenspersoon:report-unlock", args=[named.pk]))
    shown = page(unlocked)
    [new_code] = re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", shown)
    assert not ReportKey.objects.filter(holder=ReportKey.Holder.SERVER).exists()
    assert keys.key_for_receipt_code(report, receipts.normalise(new_code)).raw == key.raw
    assert OLD_TEXT in page(named_browser.get(reverse("vertrouwenspersoon:report-detail", args=[named.pk])))
