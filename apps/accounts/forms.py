from collections.abc import Iterable
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .roles import independence_error


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets max_length on the field but adds no validator, so an over-long name
        # reached authenticate() and axes' varchar(255) column (a 500 on PostgreSQL).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(getattr(username, "max_length", None) or 150))
        self.helper = _helper(str(_("Log in")))


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(str(_("Send link")))


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(str(_("Change password")))


class SetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(str(_("Set password")))


def clean_roles(groups: Iterable[Group]) -> None:
    message = independence_error({group.name for group in groups})
    if message:
        raise forms.ValidationError(message, code="role_conflict")


class TwoFactorCodeForm(forms.Form):
    """A six-digit code from the authenticator app."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or str(_("Verify")))

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits the app shows."), code="not_digits")
        return token
