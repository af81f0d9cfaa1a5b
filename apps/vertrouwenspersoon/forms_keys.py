"""The counsellor's key forms: make a key pair, unlock it, recover it."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User


def _helper(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class _PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you log in with: your key is locked with it."),
    )
    submit_label: Any = ""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = _helper(self.submit_label)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="password")
        return password


class KeySetupForm(_PasswordForm):
    submit_label = _("Make my key")


class KeyUnlockForm(_PasswordForm):
    submit_label = _("Unlock my key")


class KeyRecoverForm(_PasswordForm):
    submit_label = _("Recover my key")
    recovery = forms.CharField(
        label=_("Recovery key"),
        max_length=80,
        help_text=_("The 32 characters you printed when your key was made, for example ABCD-EFGH-…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["recovery", "password"]


class PreviousRecoveryForm(forms.Form):
    """The recovery key of the counsellor who held cases before, to re-seal them."""

    recovery = forms.CharField(
        label=_("Recovery key of the previous counsellor"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Open the cases"))
