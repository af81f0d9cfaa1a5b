"""Forms for proposed decisions and requests. Validation only; the services write."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.achterban.models import ConstituencyPoll
from apps.hr.models import PolicyVersion
from apps.ondernemingsraad.models import AgendaItem
from apps.vertrouwenspersoon.forms import FilesMixin, attachments_field

from . import conf
from .models import (
    CONSENT_SUBJECTS,
    AdviceOutcome,
    AdviceSubject,
    DecisionOutcome,
    EntryKind,
    RequestKind,
    RequestPart,
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label: Any, action: str = "", prefix: str = "", css: str = "btn btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    if prefix:
        helper.form_id = f"{prefix}-form"
    helper.add_input(Submit("submit", str(label), css_id=f"{prefix or 'form'}-submit", css_class=css))
    return helper


class VersionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: PolicyVersion) -> str:
        return gettext("%(title)s (version %(number)s)") % {"title": obj.title, "number": obj.number}


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(label=_("Expected request"), choices=RequestKind.choices)
    announced_on = forms.DateField(label=_("Announced at the consultation meeting of"), widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the proposed decision"))


class RequestForm(FilesMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    subject = forms.ChoiceField(label=_("Subject"), choices=())
    policy_version = VersionChoiceField(
        label=_("Policy version"),
        queryset=PolicyVersion.objects.none(),
        required=False,
        help_text=_("The exact version of the HR policy the works council is asked to consent to."),
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}))
    consequences = forms.CharField(
        label=_("Expected consequences for staff"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Including the measures you plan for them."),
    )
    parts = forms.CharField(
        label=_("Parts of the request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One part per line. The works council answers, and you decide, per part."),
    )
    answer_due = forms.DateField(label=_("Agreed answer date"), widget=_date_input())
    attachments = attachments_field()

    def __init__(self, *args: Any, kind: str, versions: QuerySet[PolicyVersion] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind = kind
        subject: Any = self.fields["subject"]
        subject.choices = AdviceSubject.choices if kind == RequestKind.ADVICE else CONSENT_SUBJECTS
        subject.help_text = (
            _("The decisions listed in art. 25 lid 1 WOR.")
            if kind == RequestKind.ADVICE
            else _("The regulations listed in art. 27 lid 1 WOR.")
        )
        if kind == RequestKind.ADVICE:
            del self.fields["policy_version"]
        else:
            version: Any = self.fields["policy_version"]
            version.queryset = versions if versions is not None else PolicyVersion.objects.none()
        self.fields["answer_due"].initial = timezone.localdate() + timedelta(days=conf.answer_term_days())
        self.fields["answer_due"].help_text = _(
            "The WOR sets no term; agree one per request. Default: %(days)s days."
        ) % {"days": conf.answer_term_days()}
        self._describe_attachments()
        self.helper = _helper(_("File the request"))

    def clean_parts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("parts", "").splitlines() if line.strip()]


class DocumentForm(FilesMixin, forms.Form):
    attachments = attachments_field()

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "document")
        super().__init__(*args, **kwargs)
        self.fields["attachments"].required = True
        self.fields["attachments"].label = _("Documents")
        self._describe_attachments()
        self.helper = _helper(_("Add documents"), action, "document", "btn btn-outline-primary")
        self.helper.form_enctype = "multipart/form-data"


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, kinds: Sequence[str] = (), action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "entry")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["kind"]
        field.choices = [(kind, EntryKind(kind).label) for kind in kinds]
        self.helper = _helper(_("Add"), action, "entry", "btn btn-outline-primary")


class AgendaItemChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AgendaItem) -> str:
        return gettext("%(date)s, %(meeting)s: %(item)s") % {
            "date": timezone.localtime(obj.meeting.starts_at).strftime("%d-%m-%Y"),
            "meeting": obj.meeting.title,
            "item": obj.title,
        }


class ConsultationForm(forms.Form):
    """The choices come from `policy.consultation_items_for`: an item the user may not see is
    not among them, and is refused like one that does not exist."""

    item = AgendaItemChoiceField(
        label=_("Agenda item of the consultation meeting"),
        queryset=AgendaItem.objects.none(),
        help_text=_("Items of consultation meetings of the past year that have been held, newest first."),
    )

    def __init__(
        self, *args: Any, items: QuerySet[AgendaItem] | None = None, action: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "consultation")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["item"]
        field.queryset = items if items is not None else AgendaItem.objects.none()
        self.helper = _helper(_("Record the consultation"), action, "consultation", "btn btn-outline-primary")


class PollChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ConstituencyPoll) -> str:
        return gettext("%(title)s (closed %(date)s)") % {
            "title": obj.title,
            "date": timezone.localtime(obj.closed_at or obj.closes_at).strftime("%d-%m-%Y"),
        }


class PollAttachForm(forms.Form):
    """The choices come from `policy.attachable_polls`: closed polls of the works council."""

    poll = PollChoiceField(
        label=_("Closed constituency poll"),
        queryset=ConstituencyPoll.objects.none(),
        help_text=_("Closed polls of the past year that are not attached yet."),
    )

    def __init__(
        self, *args: Any, polls: QuerySet[ConstituencyPoll] | None = None, action: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "poll")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["poll"]
        field.queryset = polls if polls is not None else ConstituencyPoll.objects.none()
        self.helper = _helper(_("Attach the results"), action, "poll", "btn btn-outline-primary")


class EventForm(forms.Form):
    event = forms.ChoiceField(label=_("Step"), choices=())
    on = forms.DateField(label=_("Date"), widget=_date_input())

    def __init__(self, *args: Any, events: Sequence[tuple[str, Any]] = (), action: str = "", **kwargs: Any):
        kwargs.setdefault("prefix", "event")
        super().__init__(*args, **kwargs)
        field: Any = self.fields["event"]
        field.choices = list(events)
        self.fields["on"].initial = timezone.localdate()
        self.helper = _helper(_("Record"), action, "event", "btn btn-outline-primary")


class PartsForm(forms.Form):
    """One choice and one text per part, plus overall reasons."""

    choice_label: Any = ""
    choices: Any = ()
    reasons_label: Any = ""

    def __init__(self, *args: Any, parts: Sequence[RequestPart], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parts = list(parts)
        for part in self.parts:
            self.fields[f"choice_{part.pk}"] = forms.ChoiceField(
                label=f"{part.number}. {part.title}", choices=self.choices, widget=forms.RadioSelect
            )
            self.fields[f"reasons_{part.pk}"] = forms.CharField(
                label=self.reasons_label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.order_fields([name for name in self.fields if name.startswith(("choice_", "reasons_"))])

    def per_part(self) -> list[tuple[RequestPart, str, str]]:
        return [
            (part, self.cleaned_data[f"choice_{part.pk}"], self.cleaned_data.get(f"reasons_{part.pk}", ""))
            for part in self.parts
        ]


class AdviceAnswerForm(PartsForm):
    choices = AdviceOutcome.choices
    reasons_label = _("Reasons and conditions for this part")

    reasons = forms.CharField(
        label=_("Reasons of the works council"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Give the advice"))


class ConsentAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=[
            ("instemming", _("Consent")),
            ("voorwaardelijk", _("Consent with conditions")),
            ("weigering", _("Consent refused")),
        ],
    )
    reasons = forms.CharField(
        label=_("Reasons of the works council"), widget=forms.Textarea(attrs={"rows": 5})
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("parts", None)
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Give the answer"))


class DecisionForm(PartsForm):
    choices = DecisionOutcome.choices
    reasons_label = _("Reasons for the decision on this part")

    reasons = forms.CharField(label=_("Reasons for the decision"), widget=forms.Textarea(attrs={"rows": 5}))
    decided_on = forms.DateField(
        label=_("Date of the written decision"),
        help_text=_("A decision against the advice is suspended for one month from this date."),
        widget=_date_input(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.helper = _helper(_("Record the decision"))
