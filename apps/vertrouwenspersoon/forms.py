"""Forms for meldingen. The reporter's forms come first; the counsellor's follow below."""

import uuid
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User

from . import policy, receipts, uploads
from .models import CATEGORY_GROUPS

# --- the reporter ------------------------------------------------------------------

TEXT_MAX_LENGTH = 20_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django docs, "Uploading multiple files")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_clean = super().clean
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items:
            single_clean(None, initial)  # "required" when it is
            return []
        return [single_clean(item, initial) for item in items]


def attachments_field() -> MultipleFileField:
    return MultipleFileField(label=_("Attachments (optional)"), required=False)


def _attachments_help() -> str:
    return gettext(
        "At most %(count)d files of at most %(size)d MB each: PDF, images (PNG, JPEG), text or "
        "Word/Excel documents."
    ) % {"count": uploads.MAX_FILES, "size": uploads.max_bytes() // (1024 * 1024)}


def _clean_attachments(form: forms.Form) -> list[UploadedFile]:
    files: list[UploadedFile] = form.cleaned_data.get("attachments") or []
    try:
        return uploads.validate_attachments(files)
    except forms.ValidationError as error:
        raise forms.ValidationError(
            [*error.error_list, forms.ValidationError(_("Choose your files again before you send."))]
        ) from error


class FilesMixin:
    """A form with an `attachments` field (see attachments_field): describes the limits,
    checks the files by content, and tells when the browser dropped them after an error."""

    def _describe_attachments(self) -> None:
        form: Any = self
        form.fields["attachments"].help_text = _attachments_help()

    def clean_attachments(self) -> list[UploadedFile]:
        form: Any = self
        return _clean_attachments(form)

    def files_dropped(self) -> bool:
        form: Any = self
        return bool(form.is_bound and form.errors and form.files.getlist(form.add_prefix("attachments")))


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of users, shown by name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def _category_choices() -> list[Any]:
    return [
        ("", _("Choose a subject")),
        *(
            (label, [(category.value, category.label) for category in members])
            for label, members in CATEGORY_GROUPS
        ),
    ]


class ReportForm(FilesMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=_category_choices,
        help_text=_("Not sure? Choose the closest one, or “Other”."),
    )
    text = forms.CharField(
        label=_("Your report"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Describe what happened, when and who was involved, as far as you want to. "
            "If you report anonymously, leave out details that identify you, unless you want to share them."
        ),
    )
    counsellor = PersonChoiceField(
        label=_("Confidential counsellor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The first available counsellor"),
        help_text=_("Only this counsellor can read your report."),
    )
    attachments = attachments_field()
    # Makes a resubmitted form (reload, double click) harmless; see views.reporter.
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, anonymous: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        counsellor_field: Any = self.fields["counsellor"]
        counsellor_field.queryset = policy.counsellors()
        self.fields["submission"].initial = uuid.uuid4().hex
        self._describe_attachments()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send anonymously") if anonymous else _("Send report")))


class MessageForm(FilesMixin, forms.Form):
    """A message in the conversation about a report, with optional attachments."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = attachments_field()

    def __init__(self, *args: Any, action: str = "", submit_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe_attachments()
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("submit", submit_label or _("Send message")))


class MinutesCorrectionForm(forms.Form):
    """The reporter's corrected version of minutes; it replaces nothing, it is added."""

    text = forms.CharField(
        label=_("Your corrected version"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


UNKNOWN_CODE = _("This code is not known. Check it and try again.")


class _CodeInput(forms.TextInput):
    """Never writes an entered code back into the page."""

    def format_value(self, value: Any) -> str | None:
        return None


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The 16 characters you got when you sent your report, for example ABCD-EFGH-JKMN-PQRS."),
        widget=_CodeInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Open my report")))

    def clean_code(self) -> str:
        code = receipts.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(UNKNOWN_CODE, code="unknown")
        return code


# --- the counsellor ------------------------------------------------------------------
