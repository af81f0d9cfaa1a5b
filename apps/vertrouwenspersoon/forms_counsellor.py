"""The counsellor's forms on a case page. Validation only; the services write.

Every form gets a prefix (several share one page) and posts to its own endpoint.
"""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department, User

from . import policy
from .forms import FilesMixin, PersonChoiceField, attachments_field
from .models import ConversationRecord, Report, Status


def _helper(submit_label: str, action: str, prefix: str) -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    helper.form_id = f"{prefix}-form"
    # Six forms share the case page: every id must be unique.
    helper.add_input(Submit("submit", submit_label, css_id=f"{prefix}-submit"))
    return helper


class CaseForm(forms.Form):
    """A form on the case page: knows its report and the counsellor holding it."""

    prefix_name = ""
    submit_label: Any = ""
    url_name = ""

    def __init__(self, *args: Any, report: Report, counsellor: User, action: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)
        self.report = report
        self.counsellor = counsellor
        self.helper = _helper(str(self.submit_label), action, self.prefix_name)


class MessageForm(FilesMixin, CaseForm):
    prefix_name = "message"
    submit_label = _("Send message")
    url_name = "vertrouwenspersoon:case-message"

    body = forms.CharField(
        label=_("Message to the reporter"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The reporter reads this in the portal. A named reporter gets an e-mail with a link only."
        ),
    )
    attachments = attachments_field()
    is_feedback = forms.BooleanField(
        label=_("This message informs the reporter about the follow-up of their report"),
        required=False,
        help_text=_(
            "For a report of a suspected wrongdoing the law requires this within 3 months. "
            "Any message you send also counts as the acknowledgement of receipt."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe_attachments()


class NoteForm(CaseForm):
    prefix_name = "note"
    submit_label = _("Save note")
    url_name = "vertrouwenspersoon:case-note"

    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class StatusForm(CaseForm):
    prefix_name = "status"
    submit_label = _("Change status")
    url_name = "vertrouwenspersoon:case-status"

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = self.report.status


class ColleagueField(forms.CharField):
    """A colleague named by username or e-mail address. A list to choose from would hold
    every employee (thousands) and make the case page slow and long."""

    default_error_messages = {"unknown": _("No active colleague has this username or e-mail address.")}

    def __init__(self, *, queryset: Any, **kwargs: Any) -> None:
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> User | None:  # type: ignore[override]
        text = str(super().to_python(value)).strip()
        if not text:
            return None
        ProhibitNullCharactersValidator()(text)  # before the query: PostgreSQL refuses NUL (a 500)
        matches: list[User] = list(self.queryset.filter(Q(username__iexact=text) | Q(email__iexact=text))[:2])
        if len(matches) != 1:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return matches[0]


class SummaryForm(CaseForm):
    prefix_name = "summary"
    submit_label = _("Ask the reporter's consent")
    url_name = "vertrouwenspersoon:case-summary"

    recipient = ColleagueField(
        label=_("Share with"),
        queryset=User.objects.none(),
        widget=forms.TextInput(attrs={"maxlength": 254, "autocomplete": "off"}),
        help_text=_("The colleague's username or e-mail address."),
    )
    text = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Write only what this person needs to know. The reporter reads this text and decides; "
            "nothing is shared before they consent."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["recipient"]
        field.queryset = (
            User.objects.filter(is_active=True)
            .exclude(pk=self.counsellor.pk)
            .order_by("first_name", "last_name", "username")
        )


class BreachForm(CaseForm):
    prefix_name = "breach"
    submit_label = _("Record that confidentiality is broken")
    url_name = "vertrouwenspersoon:case-breach"

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Which criminal offence or acute danger makes this necessary, and what you will do."),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that confidentiality may be broken only for a criminal offence or acute "
            "danger, and that this decision and its reason are recorded in the case log."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.inputs[0].field_classes = "btn btn-danger"


class TransferForm(CaseForm):
    prefix_name = "transfer"
    submit_label = _("Propose the transfer")
    url_name = "vertrouwenspersoon:case-transfer"

    to_counsellor = PersonChoiceField(label=_("New counsellor"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to_counsellor"]
        field.queryset = policy.counsellors().exclude(pk=self.counsellor.pk)


class DepartmentForm(CaseForm):
    prefix_name = "department"
    submit_label = _("Save department")
    url_name = "vertrouwenspersoon:case-department"

    department = forms.ModelChoiceField(
        label=_("Department counted in the figures"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("Not known"),
        help_text=_(
            "Only for the anonymised figures. A department appears there by name only with at least "
            "5 reports in the period."
        ),
    )


class RetentionForm(CaseForm):
    prefix_name = "retention"
    submit_label = _("Keep the case longer")
    url_name = "vertrouwenspersoon:case-retention"

    until = forms.DateField(label=_("Keep until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this case must be kept longer, for example a procedure that is still running."),
    )


class MinutesForm(CaseForm):
    prefix_name = "minutes"
    submit_label = _("Share the minutes with the reporter")
    url_name = "vertrouwenspersoon:case-minutes"

    held_on = forms.DateField(
        label=_("Date of the conversation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Write down the conversation or the oral report. The reporter can read, correct and "
            "approve the minutes."
        ),
    )


class MinutesReviseForm(CaseForm):
    prefix_name = "revise"
    submit_label = _("Share the new version")
    url_name = "vertrouwenspersoon:case-minutes-revise"

    record = forms.ModelChoiceField(label=_("Minutes of"), queryset=ConversationRecord.objects.none())
    text = forms.CharField(label=_("New version"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["record"]
        field.queryset = ConversationRecord.objects.filter(report=self.report, approved_at__isnull=True)
        field.label_from_instance = lambda record: record.held_on.strftime("%d-%m-%Y")


CASE_FORMS: tuple[type[CaseForm], ...] = (
    MessageForm,
    NoteForm,
    StatusForm,
    SummaryForm,
    BreachForm,
    TransferForm,
    DepartmentForm,
    RetentionForm,
    MinutesForm,
    MinutesReviseForm,
)
