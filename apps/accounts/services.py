"""Writes on people and roles."""

from collections.abc import Iterable
from functools import partial

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

from apps.core.services import audit_record

from . import tasks
from .models import User
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


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queue a reset mail for each active user with this address, after commit.

    The caller never learns whether the address exists: the page reads the same.
    """
    for user in PasswordResetForm().get_users(email):
        transaction.on_commit(partial(tasks.send_password_reset_email.delay, user.pk, domain, use_https))


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
