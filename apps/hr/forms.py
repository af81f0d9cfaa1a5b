"""Forms for policies. Validation only; the services write."""

from collections.abc import Sequence
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User

from . import policy
from .models import PolicyState, PolicySubject, PolicyVersion

TEXT_MAX_LENGTH = 100_000


def _helper(label: Any, action: str = "", prefix: str = "", css: str = "btn btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    if prefix:
        helper.form_id = f"{prefix}-form"
    helper.add_input(Submit("submit", str(label), css_id=f"{prefix or 'form'}-submit", css_class=css))
    return helper


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class PolicyForm(forms.Form):
    """A whole version: title, subject, text, effective date and what changed."""

    title = forms.CharField(label=_("Title"), max_length=200)
    subject = forms.ChoiceField(
        label=_("Subject"),
        choices=PolicySubject.choices,
        help_text=_("The subjects of art. 27 WOR need the works council's consent."),
    )
    text = forms.CharField(
        label=_("Text of the policy"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 16})
    )
    effective_date = forms.DateField(
        label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    change_summary = forms.CharField(
        label=_("Summary of changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: what is new or different in this version. A saved version cannot be changed."),
    )

    def __init__(self, *args: Any, submit_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or _("Save version"))


def initial_from(version: PolicyVersion) -> dict[str, Any]:
    return {
        "title": version.title,
        "subject": version.subject,
        "text": version.text,
        "effective_date": version.effective_date,
    }


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "comment")
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add comment"), action, "comment")


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=())

    def __init__(self, *args: Any, choices: tuple[str, ...] = (), action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "transition")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["to_state"]
        field.choices = [(state, PolicyState(state).label) for state in choices]
        self.helper = _helper(_("Change state"), action, "transition", "btn btn-outline-primary")


class ShareForm(forms.Form):
    member = PersonChoiceField(label=_("Works council member"), queryset=User.objects.none())

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "share")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = policy.works_council_members()
        field.help_text = _("This person can then read the draft and comment on it; HR reads their comments.")
        self.helper = _helper(_("Share the draft"), action, "share", "btn btn-outline-primary")


class PublishForm(forms.Form):
    number = forms.TypedChoiceField(label=_("Version"), coerce=int, choices=())
    exemption_reason = forms.CharField(
        label=_("Exemption from consent (only when no consent is needed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Leave empty to publish with the works council's consent to this exact version. "
            "Fill in only when consent is not needed, with the reason (for example: settled in the CAO)."
        ),
    )

    def __init__(self, *args: Any, numbers: Sequence[int] = (), action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "publish")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["number"]
        field.choices = [(n, _("Version %(number)s") % {"number": n}) for n in numbers]
        if numbers:
            field.initial = numbers[-1]
        self.helper = _helper(_("Publish"), action, "publish", "btn btn-success")
