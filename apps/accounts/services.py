"""Writes on people and roles."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core import outbox
from apps.core.services import audit_record

from . import tasks
from .models import RoleSetting, User
from .policy import two_factor_required
from .roles import Role, independence_error


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> None:
    """Give user exactly these roles, refusing combinations that break independence."""
    wanted = {Role(name).value for name in roles}
    message = independence_error(wanted)
    if message:
        raise ValidationError(message, code="role_conflict")
    before = set(user.groups.values_list("name", flat=True))
    user.groups.set(Group.objects.filter(name__in=wanted))
    user.__dict__.pop("role_names", None)
    if before != wanted:
        audit_record(
            actor=actor,
            action="roles_changed",
            target=user,
            details={"added": sorted(wanted - before), "removed": sorted(before - wanted)},
        )
    if Role.COUNSELLOR in wanted - before:
        # A new counsellor could be a puppet: every other counsellor hears of it.
        for counsellor in User.objects.filter(is_active=True, groups__name=Role.COUNSELLOR).exclude(
            pk=user.pk
        ):
            outbox.enqueue(tasks.notify_counsellor_added, counsellor.pk, user.pk)


def password_set_by_admin(*, actor: User | None, user: User) -> None:
    """An administrator set someone's password in the admin: audited. A counsellor's key
    stays locked with the old password, so this opens no melding."""
    audit_record(actor=actor, action="password_set_by_admin", target=user, details={})


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queue a reset mail for each active user with this address, after commit.

    The caller never learns whether the address exists: the page reads the same.
    """
    for user in PasswordResetForm().get_users(email):
        outbox.enqueue(tasks.send_password_reset_email, user.pk, domain, use_https)


def password_reset_send(*, user_id: int, domain: str, use_https: bool) -> None:
    """Send the reset mail; the token is made here, in the worker, never queued."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    context = {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    body = render_to_string("registration/password_reset_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


# --- two-factor login ------------------------------------------------------------------
# Audit rows name the user and the action only: never a secret or a code.

TOTP_DEVICE_NAME = "Authenticator-app"


def two_factor_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device with a fresh secret, created on first use; reloading
    the setup page shows the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device with its first code; it replaces any device the user had."""
    if device.user_id != user.pk or device.confirmed:
        return False
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit_record(actor=user, action="two_factor_enabled", target=user)
    return True


def two_factor_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The user's confirmed device if it accepts the code (each code works once; the
    device slows down repeated wrong codes), else None."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return None
    verified = verify_token(user, device.persistent_id, token)
    return verified if isinstance(verified, TOTPDevice) else None


def two_factor_is_throttled(*, user: User) -> bool:
    """Whether the device refuses codes for now after repeated wrong ones."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return False
    allowed, _info = device.verify_is_allowed()
    return not allowed


@transaction.atomic
def two_factor_disable(*, user: User, token: str) -> bool:
    """Turn off two-factor login, proven with a current code. Refused when a role
    requires it."""
    if two_factor_required(user):
        raise ValidationError(
            _("One of your roles requires two-factor login, so you cannot turn it off."),
            code="two_factor_required",
        )
    if two_factor_verify(user=user, token=token) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=user, action="two_factor_disabled", target=user)
    return True


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User) -> bool:
    """An admin removes a user's authenticator app (a lost phone). The user sets up a new
    one at the next page if a role requires it; open sessions lose their verification."""
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    if not deleted:
        return False
    audit_record(actor=actor, action="two_factor_reset", target=user)
    return True


@transaction.atomic
def role_setting_update(*, actor: User | None, setting: RoleSetting, require_two_factor: bool) -> None:
    before = RoleSetting.objects.select_for_update().get(pk=setting.pk).require_two_factor
    setting.require_two_factor = require_two_factor
    setting.full_clean()
    setting.save(update_fields=["require_two_factor"])
    if before != require_two_factor:
        audit_record(
            actor=actor,
            action="role_two_factor_changed",
            target=setting,
            details={"role": setting.role, "require_two_factor": require_two_factor},
        )


def counsellor_added_send(*, counsellor_id: int, new_counsellor_id: int) -> None:
    """Tell a counsellor that someone was given the counsellor role: a name and a link."""
    counsellor = User.objects.filter(pk=counsellor_id, is_active=True).first()
    added = User.objects.filter(pk=new_counsellor_id).first()
    if counsellor is None or added is None or not counsellor.email:
        return
    subject = _("Someone has been made a confidential counsellor")
    body = _(
        "%(name)s now has the role of confidential counsellor in the staff portal. New reports can be "
        "sent to them; cases reach them only through a transfer the reporter agrees to. If you did not "
        "expect this, ask the administrators why.\n"
    ) % {"name": added.display_name}
    send_mail(subject, body, None, [counsellor.email])
