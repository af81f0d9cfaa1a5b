"""Who must log in with a second factor, and what a session still has to do for it."""

from enum import Enum
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RoleSetting, User


class TwoFactorStep(Enum):
    """What a signed-in session must do before it reaches any page."""

    NONE = "none"  # verified, or no second factor for this user
    VERIFY = "verify"  # the user has an authenticator app: enter a code
    SETUP = "setup"  # a role requires two-factor login and the user has no app yet


def _required_by_roles(user_ref: Any) -> Exists:
    user_roles = Group.objects.filter(user=user_ref).values("name")
    return Exists(RoleSetting.objects.filter(require_two_factor=True, role__in=user_roles))


def _confirmed_device(user_ref: Any) -> Exists:
    return Exists(TOTPDevice.objects.filter(user=user_ref, confirmed=True))


def two_factor_required(user: User) -> bool:
    """Whether one of the user's roles requires two-factor login."""
    if not user.is_authenticated or not user.is_active:
        return False
    required_roles = RoleSetting.objects.filter(require_two_factor=True).values_list("role", flat=True)
    return bool(user.role_names & set(required_roles))


def has_two_factor_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def two_factor_step(user: Any) -> TwoFactorStep:
    """The step left for request.user (after django_otp's OTPMiddleware). One query for an
    unverified session, none for a verified one."""
    if not user.is_authenticated or user.is_verified():
        return TwoFactorStep.NONE
    has_device, required = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_device=_confirmed_device(OuterRef("pk")),
            required=_required_by_roles(OuterRef(OuterRef("pk"))),
        )
        .values_list("has_device", "required")
        .get()
    )
    if has_device:
        return TwoFactorStep.VERIFY
    if required:
        return TwoFactorStep.SETUP
    return TwoFactorStep.NONE
