"""apps/core/sealing.py: content keys, sealed tokens, envelopes and recovery keys."""

import pytest
from django.db import transaction
from django.utils import translation

from apps.core import sealing
from apps.core.sealing import ContentKey, Locked, Sealed
from apps.vertrouwenspersoon.models import ReportMessage
from tests.keys import PASSWORD

pytestmark = pytest.mark.django_db

TEXT = "Verzegeld-Zilveren-Das: mijn leidinggevende schreeuwt."


# --- content keys and sealed tokens -----------------------------------------------------


def test_a_sealed_text_opens_with_its_own_key():
    key = ContentKey.new()
    sealed = key.seal(TEXT)
    assert key.open(sealed) == TEXT
    assert key.open_bytes(key.seal_bytes(TEXT.encode())) == TEXT.encode()


def test_the_token_holds_neither_the_text_nor_the_key():
    key = ContentKey.new()
    sealed = key.seal(TEXT)
    assert sealed.token.startswith(sealing.TOKEN_PREFIX)
    assert "Das" not in sealed.token and sealing.b64(key.raw) not in sealed.token
    assert key.seal(TEXT).token != sealed.token  # a new nonce each time


def test_another_key_raises_locked():
    sealed = ContentKey.new().seal(TEXT)
    with pytest.raises(Locked):
        ContentKey.new().open(sealed)


def test_another_key_raises_locked_for_bytes_too():
    data = ContentKey.new().seal_bytes(b"bijlage")
    with pytest.raises(Locked):
        ContentKey.new().open_bytes(data)


def test_a_token_whose_key_id_was_forged_still_does_not_open():
    key, other = ContentKey.new(), ContentKey.new()
    prefix, _key_id, body = other.seal(TEXT).token.split(":", 2)
    forged = Sealed(f"{prefix}:{key.key_id}:{body}")
    with pytest.raises(Locked):
        key.open(forged)


def test_a_fernet_token_is_not_a_sealed_token():
    with pytest.raises(Locked):
        ContentKey.new().open(Sealed("gAAAAABfakefernettoken"))


def test_a_content_key_has_32_bytes():
    with pytest.raises(Locked):
        ContentKey(b"too short")


def test_the_repr_of_a_key_and_a_token_shows_neither_key_nor_text():
    key = ContentKey.new()
    sealed = key.seal(TEXT)
    assert sealing.b64(key.raw) not in repr(key) and key.raw.hex() not in repr(key)
    assert repr(sealed) == "<Sealed>"


def test_a_sealed_value_reads_locked_outside_opened():
    sealed = ContentKey.new().seal(TEXT)
    with translation.override("en"):
        assert str(sealed) == "[locked]"
        assert f"{sealed}" == "[locked]"


def test_a_sealed_value_reads_as_its_text_inside_opened():
    key = ContentKey.new()
    sealed = key.seal(TEXT)
    with sealing.opened(key):
        assert str(sealed) == TEXT
    with translation.override("en"):
        assert str(sealed) == "[locked]"  # and locked again after the block


def test_opened_with_another_key_keeps_it_locked():
    sealed = ContentKey.new().seal(TEXT)
    with sealing.opened(ContentKey.new(), None), translation.override("en"):
        assert str(sealed) == "[locked]"


def test_opened_blocks_nest_and_unwind():
    first, second = ContentKey.new(), ContentKey.new()
    one, two = first.seal("een"), second.seal("twee")
    with sealing.opened(first):
        with sealing.opened(second):
            assert (str(one), str(two)) == ("een", "twee")
        with translation.override("en"):
            assert (str(one), str(two)) == ("een", "[locked]")


# --- the sealed field -------------------------------------------------------------------


def test_the_sealed_field_refuses_a_plain_string(personas):
    from apps.vertrouwenspersoon import services

    report = services.report_submit(
        reporter=None,
        category="pesten",
        text=TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=True,
    ).report
    with pytest.raises(TypeError), transaction.atomic():
        ReportMessage.objects.create(report=report, author="melder", body="plain text")
    assert not ReportMessage.objects.filter(report=report).exists()


def test_the_sealed_field_stores_only_the_token_and_reads_it_back_sealed(personas):
    from apps.vertrouwenspersoon import services

    submitted = services.report_submit(
        reporter=None,
        category="pesten",
        text=TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=True,
    )
    stored = type(submitted.report).objects.values_list("text", flat=True).get(pk=submitted.report.pk)
    assert isinstance(stored, Sealed) and "Das" not in stored.token
    assert submitted.key.open(stored) == TEXT


def test_the_sealed_field_keeps_the_empty_string_empty():
    field = ReportMessage._meta.get_field("body")
    assert field.get_prep_value("") == ""
    assert field.get_prep_value(None) is None
    with pytest.raises(TypeError):
        field.get_prep_value("x")


# --- envelopes --------------------------------------------------------------------------


def test_an_envelope_opens_only_with_the_matching_private_key():
    key = ContentKey.new()
    private, public = sealing.new_key_pair()
    envelope = sealing.seal_for(public, key)
    assert sealing.open_sealed(private, envelope).raw == key.raw
    assert sealing.public_of(private) == public
    other_private, _other_public = sealing.new_key_pair()
    with pytest.raises(Locked):
        sealing.open_sealed(other_private, envelope)


def test_a_wrap_opens_only_with_the_same_secret_and_salt():
    cost = sealing.KdfCost.configured()
    salt = sealing.new_salt()
    wrapped = sealing.wrap(sealing.derive(PASSWORD, salt, cost), b"private key")
    assert sealing.unwrap(sealing.derive(PASSWORD, salt, cost), wrapped) == b"private key"
    with pytest.raises(Locked):
        sealing.unwrap(sealing.derive("wrong password", salt, cost), wrapped)
    with pytest.raises(Locked):
        sealing.unwrap(sealing.derive(PASSWORD, sealing.new_salt(), cost), wrapped)


def test_a_pepper_changes_the_derived_key():
    cost, salt = sealing.KdfCost.configured(), sealing.new_salt()
    assert sealing.derive("code", salt, cost) != sealing.derive("code", salt, cost, pepper="pepper")


# --- recovery keys ----------------------------------------------------------------------


def test_a_recovery_key_is_eight_groups_of_four_base32_characters():
    recovery = sealing.new_recovery_key()
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    assert set(recovery.replace("-", "")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert sealing.new_recovery_key() != recovery


@pytest.mark.parametrize(
    "typed",
    [
        lambda r: r,
        lambda r: r.lower(),
        lambda r: r.replace("-", ""),
        lambda r: r.replace("-", " "),
        lambda r: f"  {r.lower().replace('-', ' - ')}  ",
    ],
    ids=["as-shown", "lower-case", "no-dashes", "spaces", "spaces-dashes-and-case"],
)
def test_a_recovery_key_is_accepted_with_or_without_dashes_and_in_any_case(typed):
    recovery = sealing.new_recovery_key()
    assert sealing.recovery_wrapping_key(typed(recovery)) == sealing.recovery_wrapping_key(recovery)


def test_another_recovery_key_gives_another_wrapping_key():
    assert sealing.recovery_wrapping_key(sealing.new_recovery_key()) != sealing.recovery_wrapping_key(
        sealing.new_recovery_key()
    )


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH", "not a recovery key at all", "A" * 33])
def test_what_is_not_a_recovery_key_raises_locked(typed):
    with pytest.raises(Locked):
        sealing.recovery_wrapping_key(typed)
