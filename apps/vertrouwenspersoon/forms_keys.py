"""The counsellor's key forms: make a key pair, unlock it, recover it."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User


def _helper(label: Any) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


PASSPHRASE_MIN_LENGTH = 12


class _PasswordForm(forms.Form):
    """The secret the counsellor's key is locked with: their portal password, or, for a
    counsellor who signs in through single sign-on (no password here), a key passphrase."""

    password = forms.CharField(
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    submit_label: Any = ""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.uses_password = user.has_usable_password()
        field = self.fields["password"]
        if self.uses_password:
            field.label = _("Your password")
            field.help_text = _("The password you log in with: your key is locked with it.")
        else:
            field.label = _("Your key passphrase")
            field.help_text = _(
                "You log in through your organisation's account, so your key has a passphrase of its own."
            )
        self.helper = _helper(self.submit_label)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if self.uses_password and not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="password")
        return password


class KeySetupForm(_PasswordForm):
    submit_label = _("Make my key")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.uses_password:  # a new passphrase: long enough, and typed twice
            passphrase: Any = self.fields["password"]
            passphrase.min_length = PASSPHRASE_MIN_LENGTH
            passphrase.validators.append(MinLengthValidator(PASSPHRASE_MIN_LENGTH))
            passphrase.widget.attrs["autocomplete"] = "new-password"
            self.fields["password_again"] = forms.CharField(
                label=_("Your key passphrase again"),
                strip=False,
                max_length=4096,
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.uses_password and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passphrases are not the same."))
        return data


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
