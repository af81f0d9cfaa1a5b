"""The keys of the meldingen: counsellors' key pairs and each melding's envelopes.

Who can open a melding's content key, and nobody else:
- its counsellor, with the private key unlocked by their password or recovery key;
- its reporter, with the receipt code;
- the organisation's escrow key, only where it is configured (off by default);
- during the migration from the server-key scheme only, the server (a SERVER bridge that
  disappears once the counsellor and the reporter have their own envelopes).
An admin can move a case's metadata to another counsellor, but only one of the holders
above can seal the key for that counsellor.
"""

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.core import crypto, sealing
from apps.core.sealing import ContentKey, KdfCost, Locked

from .models import CounsellorKey, Report, ReportKey

Holder = ReportKey.Holder


# --- counsellors' key pairs ---------------------------------------------------------------


def has_key_pair(user: User) -> bool:
    return CounsellorKey.objects.filter(counsellor=user).exists()


def _wrap_private(row: CounsellorKey, private_key: bytes, secret: str) -> None:
    cost = KdfCost.configured()
    salt = sealing.new_salt()
    row.secret_salt = salt
    row.secret_opslimit, row.secret_memlimit = cost.opslimit, cost.memlimit
    row.secret_wrapped = sealing.wrap(sealing.derive(secret, salt, cost), private_key)


@transaction.atomic
def key_pair_create(*, counsellor: User, secret: str) -> str:
    """A new key pair for counsellor, wrapped under `secret`; returns the recovery key,
    which exists nowhere else. Cases bridged from the old scheme are sealed for it."""
    private_key, public_key = sealing.new_key_pair()
    recovery = sealing.new_recovery_key()
    row = CounsellorKey(
        counsellor=counsellor,
        public_key=public_key,
        recovery_wrapped=sealing.wrap(sealing.recovery_wrapping_key(recovery), private_key),
    )
    _wrap_private(row, private_key, secret)
    CounsellorKey.objects.filter(counsellor=counsellor).delete()
    # Envelopes for an earlier key pair can never open again.
    ReportKey.objects.filter(holder=Holder.COUNSELLOR, counsellor=counsellor).delete()
    row.save()
    _seal_bridged_cases(counsellor, public_key)
    return recovery


def private_key_unlock(*, counsellor: User, secret: str) -> bytes:
    """The counsellor's private key, opened with their password or passphrase (Argon2id)."""
    row = CounsellorKey.objects.filter(counsellor=counsellor).first()
    if row is None:
        raise Locked("No key pair yet.")
    cost = KdfCost(row.secret_opslimit, row.secret_memlimit)
    return sealing.unwrap(sealing.derive(secret, bytes(row.secret_salt), cost), bytes(row.secret_wrapped))


def private_key_with_recovery(counsellor: User, recovery: str) -> bytes:
    row = CounsellorKey.objects.filter(counsellor=counsellor).first()
    if row is None:
        raise Locked("No key pair yet.")
    return sealing.unwrap(sealing.recovery_wrapping_key(recovery), bytes(row.recovery_wrapped))


@transaction.atomic
def private_key_rewrap(*, counsellor: User, private_key: bytes, secret: str) -> None:
    """Wrap the private key under a new password (after a change, or a recovery)."""
    row = CounsellorKey.objects.select_for_update().get(counsellor=counsellor)
    if bytes(row.public_key) != sealing.public_of(private_key):
        raise Locked("This private key does not belong to this counsellor.")
    _wrap_private(row, private_key, secret)
    row.save(update_fields=["secret_wrapped", "secret_salt", "secret_opslimit", "secret_memlimit"])


def _public_key(counsellor: User) -> bytes:
    row = CounsellorKey.objects.filter(counsellor=counsellor).only("public_key").first()
    if row is None:
        raise Locked("This counsellor has no key pair yet.")
    return bytes(row.public_key)


# --- a melding's envelopes ----------------------------------------------------------------


def receipt_wrapping_key(code: str, salt: bytes, cost: KdfCost) -> bytes:
    return sealing.derive(code, salt, cost, pepper=settings.RECEIPT_CODE_PEPPER)


def reporter_envelope(report: Report, key: ContentKey, code: str) -> ReportKey:
    cost = KdfCost.for_receipt_codes()
    salt = sealing.new_salt()
    return ReportKey(
        report=report,
        holder=Holder.REPORTER,
        envelope=sealing.wrap(receipt_wrapping_key(code, salt, cost), key.raw),
        salt=salt,
        opslimit=cost.opslimit,
        memlimit=cost.memlimit,
    )


def _counsellor_envelope(report: Report, key: ContentKey, counsellor: User) -> ReportKey:
    return ReportKey(
        report=report,
        holder=Holder.COUNSELLOR,
        counsellor=counsellor,
        envelope=sealing.seal_for(_public_key(counsellor), key),
    )


def escrow_enabled() -> bool:
    return bool(settings.PORTAL_ESCROW_PUBLIC_KEY)


def envelopes_create(*, report: Report, key: ContentKey, receipt_code: str) -> None:
    """The envelopes of a new melding: its counsellor, its reporter, and the escrow if on."""
    envelopes = [
        _counsellor_envelope(report, key, report.counsellor),
        reporter_envelope(report, key, receipt_code),
    ]
    if escrow_enabled():
        escrow_public = sealing.unb64(settings.PORTAL_ESCROW_PUBLIC_KEY)
        envelopes.append(
            ReportKey(report=report, holder=Holder.ESCROW, envelope=sealing.seal_for(escrow_public, key))
        )
    ReportKey.objects.bulk_create(envelopes)


def is_sealed_for(report: Report, counsellor: User) -> bool:
    return ReportKey.objects.filter(report=report, holder=Holder.COUNSELLOR, counsellor=counsellor).exists()


@transaction.atomic
def seal_for_counsellor(*, report: Report, key: ContentKey, counsellor: User) -> None:
    """The content key for `counsellor` alone: other counsellors' envelopes go (a transfer,
    or the reporter's consent after a reassignment)."""
    ReportKey.objects.filter(report=report, holder=Holder.COUNSELLOR).exclude(counsellor=counsellor).delete()
    if not is_sealed_for(report, counsellor):
        _counsellor_envelope(report, key, counsellor).save()
    _drop_bridge_when_done(report)


def key_for_counsellor(report: Report, counsellor: User, private_key: bytes) -> ContentKey | None:
    """The content key through the counsellor's own envelope; None while it is locked for them."""
    row = ReportKey.objects.filter(report=report, holder=Holder.COUNSELLOR, counsellor=counsellor).first()
    if row is None:
        return None
    try:
        return sealing.open_sealed(private_key, bytes(row.envelope))
    except Locked:
        return None


def key_for_receipt_code(report: Report, code: str) -> ContentKey | None:
    """The content key through the reporter's envelope (Argon2id of the code); or, for a
    melding from before this scheme, through its bridge, which then gets its own envelope."""
    row = ReportKey.objects.filter(report=report, holder=Holder.REPORTER).first()
    if row is None:
        return _bridge_to_reporter(report, code)
    assert row.salt is not None and row.opslimit is not None and row.memlimit is not None  # noqa: S101
    wrapping = receipt_wrapping_key(code, bytes(row.salt), KdfCost(row.opslimit, row.memlimit))
    try:
        return ContentKey(sealing.unwrap(wrapping, bytes(row.envelope)))
    except Locked:
        return None


def has_reporter_envelope(report: Report) -> bool:
    return ReportKey.objects.filter(report=report, holder=Holder.REPORTER).exists()


# --- the bridge from the server-key scheme ------------------------------------------------


def _bridge(report: Report) -> ReportKey | None:
    return ReportKey.objects.filter(report=report, holder=Holder.SERVER).first()


def _bridge_key(bridge: ReportKey) -> ContentKey:
    return ContentKey(crypto.decrypt(bytes(bridge.envelope)))


def _seal_bridged_cases(counsellor: User, public_key: bytes) -> None:
    """A counsellor's first key pair gets the cases they held when the scheme changed."""
    for bridge in ReportKey.objects.filter(holder=Holder.SERVER, counsellor=counsellor).select_related(
        "report"
    ):
        if bridge.report.counsellor_id != counsellor.pk:
            continue  # reassigned since: only the reporter's consent may open it
        key = _bridge_key(bridge)
        ReportKey.objects.get_or_create(
            report=bridge.report,
            holder=Holder.COUNSELLOR,
            counsellor=counsellor,
            defaults={"envelope": sealing.seal_for(public_key, key)},
        )
        _drop_bridge_when_done(bridge.report)


def _bridge_to_reporter(report: Report, code: str) -> ContentKey | None:
    bridge = _bridge(report)
    if bridge is None:
        return None
    key = _bridge_key(bridge)
    reporter_envelope(report, key, code).save()
    _drop_bridge_when_done(report)
    return key


def bridge_to_named_reporter(report: Report) -> tuple[ContentKey, str] | None:
    """A named reporter of a melding from before this scheme gets a receipt code of their
    own (shown once); None when there is no bridge to take the key from."""
    from . import receipts

    bridge = _bridge(report)
    if bridge is None or has_reporter_envelope(report):
        return None
    key = _bridge_key(bridge)
    code = receipts.new_code()
    reporter_envelope(report, key, code).save()
    _drop_bridge_when_done(report)
    return key, code


def _drop_bridge_when_done(report: Report) -> None:
    """The server's bridge goes once the counsellor and the reporter can open the key."""
    held = set(
        ReportKey.objects.filter(report=report, holder__in=[Holder.COUNSELLOR, Holder.REPORTER])
        .values_list("holder", flat=True)
        .distinct()
    )
    if held == {Holder.COUNSELLOR, Holder.REPORTER}:
        ReportKey.objects.filter(report=report, holder=Holder.SERVER).delete()
