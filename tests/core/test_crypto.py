import contextlib

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from apps.core import crypto
from apps.core.encryption_check import CANARY_TEXT, check_encryption_keys, verify_encryption_keys
from apps.core.models import EncryptionCanary

pytestmark = pytest.mark.django_db

KEY_A = crypto.generate_key()
KEY_B = crypto.generate_key()


@pytest.fixture
def use_keys():
    """use_keys(KEY_B, KEY_A) configures FIELD_ENCRYPTION_KEYS for the rest of the test."""
    with contextlib.ExitStack() as stack:

        def use(*keys: str) -> None:
            stack.enter_context(override_settings(FIELD_ENCRYPTION_KEYS=list(keys)))
            crypto.reset_keys()

        yield use
    crypto.reset_keys()


def test_text_survives_the_round_trip_and_is_not_stored_in_clear(use_keys):
    use_keys(KEY_A)
    token = crypto.encrypt_text("Mijn leidinggevende pest mij")
    assert "pest" not in token
    assert crypto.decrypt_text(token) == "Mijn leidinggevende pest mij"
    assert crypto.decrypt(crypto.encrypt(b"\x00\xffbytes")) == b"\x00\xffbytes"


def test_the_same_text_gives_a_different_token_each_time(use_keys):
    use_keys(KEY_A)
    assert crypto.encrypt_text("zelfde") != crypto.encrypt_text("zelfde")


def test_a_token_made_with_one_key_cannot_be_read_with_another(use_keys):
    use_keys(KEY_A)
    token = crypto.encrypt_text("geheim")
    use_keys(KEY_B)
    with pytest.raises(crypto.WrongEncryptionKey):
        crypto.decrypt_text(token)


def test_the_old_key_still_decrypts_after_a_new_key_is_put_first(use_keys):
    use_keys(KEY_A)
    old_token = crypto.encrypt_text("oud")
    use_keys(KEY_B, KEY_A)
    new_token = crypto.encrypt_text("nieuw")
    assert crypto.decrypt_text(old_token) == "oud"
    use_keys(KEY_B)
    assert crypto.decrypt_text(new_token) == "nieuw"  # the first key encrypts


def test_rotate_re_encrypts_with_the_first_key(use_keys):
    use_keys(KEY_A)
    token = crypto.encrypt(b"oud")
    use_keys(KEY_B, KEY_A)
    rotated = crypto.rotate(token)
    use_keys(KEY_B)
    assert crypto.decrypt(rotated) == b"oud"


def test_rotate_refuses_a_token_no_key_can_read(use_keys):
    use_keys(KEY_A)
    token = crypto.encrypt(b"oud")
    use_keys(KEY_B)
    with pytest.raises(crypto.WrongEncryptionKey):
        crypto.rotate(token)


@pytest.mark.parametrize(
    "keys",
    [[], ["geen-fernet-sleutel"], [""], [KEY_A, "kapot"]],
    ids=["empty", "malformed", "blank", "one-bad"],
)
def test_an_empty_or_malformed_key_list_is_a_configuration_error(use_keys, keys):
    use_keys(*keys)
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt(b"x")


# --- the start-up canary --------------------------------------------------------------


def test_the_first_check_stores_a_canary_and_later_checks_reuse_it(use_keys):
    use_keys(KEY_A)
    assert not EncryptionCanary.objects.exists()
    verify_encryption_keys()
    canary = EncryptionCanary.objects.get()
    assert CANARY_TEXT not in canary.token
    assert crypto.decrypt_text(canary.token) == CANARY_TEXT
    verify_encryption_keys()
    assert EncryptionCanary.objects.count() == 1


def test_the_check_raises_when_the_key_cannot_read_the_canary(use_keys):
    use_keys(KEY_A)
    verify_encryption_keys()
    use_keys(KEY_B)
    with pytest.raises(crypto.WrongEncryptionKey):
        verify_encryption_keys()


def test_the_check_passes_with_the_old_key_kept_after_a_new_one(use_keys):
    use_keys(KEY_A)
    verify_encryption_keys()
    use_keys(KEY_B, KEY_A)
    verify_encryption_keys()


def test_the_system_check_reports_portal_e001_for_a_wrong_key(use_keys):
    use_keys(KEY_A)
    assert check_encryption_keys(None) == []
    use_keys(KEY_B)
    errors = [message for message in checks.run_checks() if message.id == "portal.E001"]
    assert len(errors) == 1
    assert errors[0].level == checks.ERROR


def test_the_system_check_reports_portal_e001_for_an_empty_key_list(use_keys):
    use_keys()
    assert [message.id for message in check_encryption_keys(None)] == ["portal.E001"]
