"""Forms of the achterban app: validation and crispy helpers, no side effects."""

import uuid
from datetime import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department, User
from apps.accounts.roles import WORKS_COUNCIL_ROLES

from . import conf
from .models import PollQuestion, QuestionKind

NAMED = "named"
ANONYMOUS = "anonymous"


def _helper(label: Any, action: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    helper.add_input(Submit("submit", label))
    return helper


# --- questions --------------------------------------------------------------------------


class QuestionForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("Your question or suggestion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    anonymous = forms.ChoiceField(
        label=_("Named or anonymous"),
        choices=[
            (NAMED, _("With my name: I can read the answer here and get an e-mail when it is answered")),
            (ANONYMOUS, _("Anonymously: nothing links the question to me, and I cannot follow it up")),
        ],
        initial=NAMED,
        widget=forms.RadioSelect,
    )
    may_publish = forms.BooleanField(
        label=_("The works council may publish my question and its answer, without my name"),
        required=False,
        help_text=_("Published questions appear on the Q&A page for all employees."),
    )
    # Makes a resubmitted form (reload, double click) harmless; see views.
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4().hex
        self.helper = _helper(_("Send to the works council"))

    def clean_anonymous(self) -> bool:
        return bool(self.cleaned_data["anonymous"] == ANONYMOUS)


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (back to open)"),
    )

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assignee"]
        field.queryset = (
            User.objects.filter(is_active=True, groups__name__in=WORKS_COUNCIL_ROLES)
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.helper = _helper(_("Assign"), action)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer of the works council"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save answer"), action)


# --- polls ------------------------------------------------------------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AudienceMixin:
    """`for_everyone` or chosen `departments`."""

    def _init_audience(self) -> None:
        form: Any = self
        field: Any = form.fields["departments"]
        field.queryset = Department.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        form: Any = self
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        if not data.get("for_everyone") and not data.get("departments"):
            form.add_error("departments", _("Choose at least one department, or all employees."))
        return data


def _audience_fields() -> tuple[forms.BooleanField, forms.ModelMultipleChoiceField]:  # type: ignore[type-arg]
    return (
        forms.BooleanField(label=_("For all employees"), required=False, initial=True),
        forms.ModelMultipleChoiceField(
            label=_("Or only for these departments"),
            queryset=Department.objects.none(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
    )


class PollForm(AudienceMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the poll is about and what the works council will do with the answers."),
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeInput())
    for_everyone, departments = _audience_fields()

    def __init__(self, *args: Any, submit_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_audience()
        self.helper = _helper(submit_label or _("Save draft"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_at: datetime | None = data.get("opens_at")
        closes_at: datetime | None = data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The poll must close after it opens."))
        return data


class PollQuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice: one option per line."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from"), min_value=0, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(label=_("Scale to"), min_value=0, max_value=10, initial=5, required=False)
    scale_min_label = forms.CharField(
        label=_("Label of the lowest value"),
        max_length=60,
        required=False,
        help_text=_("For example: disagree"),
    )
    scale_max_label = forms.CharField(
        label=_("Label of the highest value"),
        max_length=60,
        required=False,
        help_text=_("For example: agree"),
    )

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add question"), action)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        options = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        data["options"] = options
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if len(options) < 2:
                self.add_error("options", _("Give at least two options, one per line."))
            elif len(set(options)) != len(options):
                self.add_error("options", _("Each option may appear only once."))
        low = data["scale_min"] = 1 if data.get("scale_min") is None else data["scale_min"]
        high = data["scale_max"] = 5 if data.get("scale_max") is None else data["scale_max"]
        if kind == QuestionKind.SCALE and low >= high:
            self.add_error("scale_max", _("A scale runs from a lower to a higher number, between 0 and 10."))
        return data


class PollAnswerForm(forms.Form):
    """One field per question of the poll, named q<pk>."""

    def __init__(self, *args: Any, questions: list[PollQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[self.field_name(question)] = self._field(question)
        self.helper = _helper(_("Send my answers"))

    @staticmethod
    def field_name(question: PollQuestion) -> str:
        return f"q{question.pk}"

    @staticmethod
    def _field(question: PollQuestion) -> forms.Field:
        common: dict[str, Any] = {"label": question.text, "required": question.required}
        options = [(str(option.pk), option.label) for option in question.options.all()]
        if question.kind == QuestionKind.SINGLE:
            return forms.TypedChoiceField(choices=options, coerce=int, widget=forms.RadioSelect, **common)
        if question.kind == QuestionKind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                choices=options, coerce=int, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == QuestionKind.SCALE:
            values = [(str(value), str(value)) for value in question.scale_values]
            ends = [
                f"{number} = {label}"
                for number, label in (
                    (question.scale_min, question.scale_min_label),
                    (question.scale_max, question.scale_max_label),
                )
                if label
            ]
            return forms.TypedChoiceField(
                choices=values, coerce=int, widget=forms.RadioSelect, help_text=", ".join(ends), **common
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), max_length=conf.open_answer_max_length(), **common
        )

    def answers(self) -> dict[int, Any]:
        """question pk -> the value the service expects."""
        result: dict[int, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            result[question.pk] = None if value in ("", None) else value
        return result


# --- news -------------------------------------------------------------------------------


class NewsForm(AudienceMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    for_everyone, departments = _audience_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_audience()
        self.helper = _helper(_("Publish"))
