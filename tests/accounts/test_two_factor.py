"""Two-factor login (TOTP): the code step, setup, role requirement, voluntary use, admin reset."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from apps.accounts.models import RoleSetting
from apps.accounts.roles import Role
from apps.accounts.totp import secret_text
from apps.core.models import AuditEvent
from tests.accounts.helpers import english_client, log_in, signed_in
from tests.otp import confirmed_device, totp_code

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")
SECURITY = reverse("account_security")
CASES = reverse("vertrouwenspersoon:case-list")


def code_step(client, code):
    return client.post(VERIFY, {"otp_token": code})


def logged_in_with_password(username, **client_args):
    client = english_client(**client_args)
    assert log_in(client, username).status_code == 302
    return client


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# --- the code step --------------------------------------------------------------------


@pytest.mark.parametrize("path", [HOME, CASES, SECURITY, reverse("password_change"), reverse("admin:index")])
def test_with_an_app_no_page_opens_before_the_code(personas, path):
    confirmed_device(personas["vertrouwenspersoon"])
    client = logged_in_with_password("vertrouwenspersoon")

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_the_right_code_opens_the_page_asked_for(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    client = logged_in_with_password("vertrouwenspersoon")
    to_verify = client.get(CASES)["Location"]
    key_before = client.session.session_key

    response = client.post(to_verify, {"otp_token": totp_code(user)})

    assert response.status_code == 302
    assert response["Location"] == CASES
    assert client.get(CASES).status_code == 200
    assert client.session.session_key != key_before


def test_the_next_address_of_the_login_page_survives_the_code_step(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    client = english_client()

    response = log_in(client, "vertrouwenspersoon", next_url=CASES)
    response = client.get(response["Location"])
    response = client.post(response["Location"], {"otp_token": totp_code(user)})

    assert response["Location"] == CASES


def test_a_wrong_code_is_refused_with_a_clear_message(personas):
    confirmed_device(personas["vertrouwenspersoon"])
    client = logged_in_with_password("vertrouwenspersoon")

    response = code_step(client, "000000")

    assert response.status_code == 200
    assert "This code is not correct" in response.content.decode()
    assert not verified(client)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_letters_are_refused_without_trying_the_device(personas):
    confirmed_device(personas["vertrouwenspersoon"])
    client = logged_in_with_password("vertrouwenspersoon")

    response = code_step(client, "abcdef")

    assert "Enter the digits the app shows" in response.content.decode()
    assert TOTPDevice.objects.get(user=personas["vertrouwenspersoon"]).throttling_failure_count == 0


def test_a_used_code_does_not_work_a_second_time(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    with freeze_time("2026-03-02 09:00:00") as clock:
        first = logged_in_with_password("vertrouwenspersoon")
        code = totp_code(user)
        assert code_step(first, code).status_code == 302
        clock.tick(timedelta(seconds=2))
        second = logged_in_with_password("vertrouwenspersoon")

        assert code_step(second, code).status_code == 200
        assert not verified(second)


def test_wrong_codes_count_toward_the_lockout(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    with freeze_time("2026-03-02 09:00:00") as clock:
        client = logged_in_with_password("vertrouwenspersoon")
        for _ in range(4):
            assert code_step(client, "000000").status_code == 200
            clock.tick(timedelta(minutes=1))

        response = code_step(client, "000000")

        assert response.status_code == 429
        assert "Too many login attempts" in response.content.decode()
        assert not signed_in(client)
        assert log_in(english_client(), "vertrouwenspersoon").status_code == 429


def test_the_device_slows_down_a_quick_series_of_wrong_codes(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    with freeze_time("2026-03-02 09:00:00"):
        client = logged_in_with_password("vertrouwenspersoon")
        code_step(client, "000000")

        response = code_step(client, totp_code(user))

        assert "Too many wrong codes in a row" in response.content.decode()
        assert not verified(client)


def test_wrong_codes_never_reach_the_attempt_records(personas):
    from axes.models import AccessAttempt

    confirmed_device(personas["vertrouwenspersoon"])
    client = logged_in_with_password("vertrouwenspersoon")
    code_step(client, "918273")

    assert "918273" not in AccessAttempt.objects.get(username="vertrouwenspersoon").post_data


def test_the_code_page_and_logout_stay_open_and_logout_works(personas):
    confirmed_device(personas["vertrouwenspersoon"])
    client = logged_in_with_password("vertrouwenspersoon")

    assert client.get(VERIFY).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert not signed_in(client)


def test_users_without_an_app_log_in_with_the_password_alone(personas):
    client = logged_in_with_password("medewerker")

    assert client.get(HOME).status_code == 200
    assert client.get(VERIFY)["Location"] == HOME


# --- setup when a role requires it ---------------------------------------------------------


def test_a_counsellor_without_an_app_is_sent_to_the_setup_page_for_every_page(personas):
    client = logged_in_with_password("vertrouwenspersoon")

    for path in (HOME, CASES, SECURITY, VERIFY):
        assert client.get(path)["Location"].startswith(SETUP)


def test_the_setup_page_shows_a_qr_code_and_the_key_and_is_not_stored(personas):
    client = logged_in_with_password("vertrouwenspersoon")

    response = client.get(SETUP)

    page = response.content.decode()
    device = TOTPDevice.objects.get(user=personas["vertrouwenspersoon"], confirmed=False)
    assert "<svg" in page and 'class="totp-qr"' in page
    assert secret_text(device) in page
    assert "Your role requires two-factor login" in page
    assert "no-store" in response["Cache-Control"]


def test_the_setup_page_has_no_inline_script_or_style(personas):
    page = logged_in_with_password("vertrouwenspersoon").get(SETUP).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\sstyle=", page)
    assert "<style" not in page
    assert not re.search(r"\son[a-z]+=", page)


def test_reloading_the_setup_page_keeps_the_same_key(personas):
    client = logged_in_with_password("vertrouwenspersoon")
    client.get(SETUP)
    client.get(SETUP)

    assert TOTPDevice.objects.filter(user=personas["vertrouwenspersoon"]).count() == 1


def test_a_wrong_setup_code_keeps_the_app_unconfirmed(personas):
    client = logged_in_with_password("vertrouwenspersoon")
    client.get(SETUP)

    response = client.post(SETUP, {"otp_token": "000000"})

    assert "This code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas["vertrouwenspersoon"], confirmed=True).exists()
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_confirming_the_app_opens_the_portal_and_is_audited_without_secrets(personas):
    user = personas["vertrouwenspersoon"]
    client = logged_in_with_password("vertrouwenspersoon")
    to_setup = client.get(CASES)["Location"]
    client.get(to_setup)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(to_setup, {"otp_token": totp_code(user)})

    assert response["Location"] == CASES
    assert client.get(CASES).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="two_factor_enabled", target_id=str(user.pk))
    assert event.actor == user
    assert event.details == {}


def test_a_session_with_only_the_password_cannot_replace_an_existing_app(personas):
    device = confirmed_device(personas["vertrouwenspersoon"])
    client = logged_in_with_password("vertrouwenspersoon")

    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=personas["vertrouwenspersoon"])) == [device]


# --- the requirement per role ----------------------------------------------------------------


def test_the_migration_requires_two_factor_login_for_counsellors_only():
    required = set(RoleSetting.objects.filter(require_two_factor=True).values_list("role", flat=True))

    assert required == {Role.COUNSELLOR}
    assert RoleSetting.objects.count() == len(Role)


def test_an_admin_can_require_two_factor_login_for_a_role(personas, english_login):
    setting = RoleSetting.objects.get(role=Role.HR)
    admin = english_login(personas["superuser"])

    response = admin.post(
        reverse("admin:accounts_rolesetting_change", args=[setting.pk]), {"require_two_factor": "on"}
    )

    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.require_two_factor
    event = AuditEvent.objects.get(action="role_two_factor_changed")
    assert event.details == {"role": "HR", "require_two_factor": True}
    hr = logged_in_with_password("hr")
    assert hr.get(HOME)["Location"].startswith(SETUP)


def test_an_open_session_must_set_up_once_its_role_requires_it(personas, english_login):
    client = english_login(personas["hr"])
    assert client.get(HOME).status_code == 200

    RoleSetting.objects.filter(role=Role.HR).update(require_two_factor=True)

    assert client.get(HOME)["Location"].startswith(SETUP)


def test_a_new_counsellor_must_set_up_at_the_next_page(personas, english_login):
    client = english_login(personas["outsider"])
    personas["outsider"].groups.add(Group.objects.get(name=Role.COUNSELLOR))

    assert client.get(HOME)["Location"].startswith(SETUP)


def test_role_settings_are_neither_added_nor_deleted_in_the_admin(personas, english_login):
    admin = english_login(personas["superuser"])
    setting = RoleSetting.objects.get(role=Role.HR)

    assert admin.get(reverse("admin:accounts_rolesetting_add")).status_code == 403
    assert admin.get(reverse("admin:accounts_rolesetting_delete", args=[setting.pk])).status_code == 403


# --- voluntary use ----------------------------------------------------------------------------


def test_any_user_can_turn_two_factor_login_on_and_off(personas, english_login):
    user = personas["medewerker"]
    client = english_login(user)
    assert "Off." in client.get(SECURITY).content.decode()

    client.get(SETUP)
    assert client.post(SETUP, {"otp_token": totp_code(user)})["Location"] == SECURITY
    assert "On." in client.get(SECURITY).content.decode()
    assert logged_in_with_password("medewerker").get(HOME)["Location"].startswith(VERIFY)

    with freeze_time(timedelta(seconds=31), tick=True):
        response = client.post(reverse("two_factor_disable"), {"otp_token": totp_code(user)}, follow=True)

    assert "Two-factor login is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="two_factor_disabled", target_id=str(user.pk)).exists()
    assert logged_in_with_password("medewerker").get(HOME).status_code == 200


def test_turning_it_off_needs_a_right_code(personas, english_login):
    user = personas["medewerker"]
    confirmed_device(user)
    client = english_login(user)

    response = client.post(reverse("two_factor_disable"), {"otp_token": "000000"}, follow=True)

    assert "still on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_a_counsellor_cannot_turn_it_off(personas, english_login):
    user = personas["vertrouwenspersoon"]
    client = english_login(user)
    page = client.get(SECURITY).content.decode()
    assert reverse("two_factor_disable") not in page

    response = client.post(reverse("two_factor_disable"), {"otp_token": totp_code(user)}, follow=True)

    assert "cannot turn it off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_setup_page_sends_a_user_who_has_an_app_to_the_account_page(personas, english_login):
    response = english_login(personas["vertrouwenspersoon"]).get(SETUP)

    assert response["Location"] == SECURITY


# --- admin reset and secrets ------------------------------------------------------------------


def reset_in_admin(admin, user):
    return admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
        follow=True,
    )


def test_an_admin_resets_a_lost_phone_and_the_counsellor_sets_up_again(personas, english_login):
    user = personas["vertrouwenspersoon"]
    counsellor = english_login(user)
    assert counsellor.get(CASES).status_code == 200

    response = reset_in_admin(english_login(personas["superuser"]), user)

    assert "Two-factor login was reset for 1 user" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="two_factor_reset", target_id=str(user.pk))
    assert event.actor == personas["superuser"]
    assert event.details == {}
    assert counsellor.get(CASES)["Location"].startswith(SETUP)


def test_staff_without_change_permission_cannot_reset(personas, english_login):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)
    personas["staff"].user_permissions.add(Permission.objects.get(codename="view_user"))

    reset_in_admin(english_login(personas["staff"]), user)

    assert TOTPDevice.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action="two_factor_reset").exists()


def test_secrets_appear_in_no_admin_page(personas, english_login):
    user = personas["vertrouwenspersoon"]
    device = confirmed_device(user)
    admin = english_login(personas["superuser"])
    reset_in_admin(admin, personas["medewerker"])
    secrets = (device.key, secret_text(device).replace(" ", ""), secret_text(device))

    for path in (
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:core_auditevent_changelist"),
        reverse("admin:index"),
    ):
        page = admin.get(path).content.decode()
        assert not any(secret in page for secret in secrets), path
    assert admin.get("/beheer/otp_totp/totpdevice/").status_code == 404


def test_the_user_list_shows_who_uses_two_factor_login(personas, english_login):
    confirmed_device(personas["vertrouwenspersoon"])

    response = english_login(personas["superuser"]).get(reverse("admin:accounts_user_changelist"))

    assert "column-two_factor" in response.content.decode()


def test_secrets_never_reach_the_log(personas, caplog):
    caplog.set_level(logging.DEBUG)
    user = personas["vertrouwenspersoon"]
    client = logged_in_with_password("vertrouwenspersoon")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    code = totp_code(user)
    client.post(SETUP, {"otp_token": code})

    for secret in (device.key, secret_text(device).replace(" ", ""), code):
        assert secret not in caplog.text


# --- the test helpers ------------------------------------------------------------------------


def test_client_for_gives_a_counsellor_a_verified_session(personas, english_login):
    client = english_login(personas["vertrouwenspersoon"])

    assert verified(client)
    assert client.get(CASES).status_code == 200


def test_client_for_leaves_other_users_without_an_app(personas, english_login):
    english_login(personas["medewerker"])

    assert not TOTPDevice.objects.filter(user=personas["medewerker"]).exists()


def test_totp_code_gives_the_next_code_once_the_current_one_is_used(personas):
    user = personas["vertrouwenspersoon"]
    device = confirmed_device(user)
    with freeze_time("2026-03-02 09:00:10"):
        first = totp_code(user)
        assert device.verify_token(first)
        second = totp_code(user)

        assert second != first
        assert TOTPDevice.objects.get(pk=device.pk).verify_token(second)
