"""Forms of the works council app. Validation only; the services write."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.vertrouwenspersoon import uploads

from . import policy
from .models import ActionStatus, AgendaItem, ItemKind, MeetingKind, NoteKind

TEXT_MAX_LENGTH = 20_000


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(label: Any, action: str = "", form_id: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    if form_id:
        helper.form_id = form_id
    helper.add_input(Submit("submit", label, css_id=f"{form_id}-submit" if form_id else None))
    return helper


def active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=())
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput(), required=False)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    chair = PersonChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)
    secretary = PersonChoiceField(label=_("Secretary"), queryset=User.objects.none(), required=False)

    def __init__(
        self,
        *args: Any,
        kinds: list[MeetingKind] | None = None,
        people: QuerySet[User] | None = None,
        submit_label: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if kinds is None:
            del self.fields["kind"]
        else:
            kind_field: Any = self.fields["kind"]
            kind_field.choices = [(kind.value, kind.label) for kind in kinds]
        chair: Any = self.fields["chair"]
        secretary: Any = self.fields["secretary"]
        chair.queryset = people if people is not None else active_users()
        secretary.queryset = people if people is not None else policy.council_members()
        chair.help_text = _(
            "For a consultation meeting the chair alternates between the executive and the works council "
            "chair; the proposal is the other side than last time."
        )
        self.helper = _helper(submit_label or _("Save"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("location") and not data.get("online_link"):
            self.add_error("location", _("Give a place or an online meeting link."))
        return data


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Task"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=TEXT_MAX_LENGTH
    )
    members = PeopleChoiceField(
        label=_("Members"),
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Works council members and, where useful, others such as an HR adviser."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members: Any = self.fields["members"]
        members.queryset = active_users()
        self.helper = _helper(_("Save"))


class ItemProposeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.DISCUSSION)
    duration_minutes = forms.IntegerField(
        label=_("Expected duration (minutes)"), min_value=1, max_value=480, initial=15
    )
    owner = PersonChoiceField(
        label=_("Introduced by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to introduce it yourself."),
    )

    def __init__(self, *args: Any, submit_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = active_users()
        self.helper = _helper(submit_label or _("Propose item"))


class ItemEditForm(ItemProposeForm):
    invited_hr = PeopleChoiceField(
        label=_("HR advisers invited"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "An invited HR adviser sees this item and its documents, and nothing else of the meeting."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("submit_label", _("Save"))
        super().__init__(*args, **kwargs)
        invited: Any = self.fields["invited_hr"]
        invited.queryset = policy.users_with_role(Role.HR)

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "explanation": item.explanation,
            "kind": item.kind,
            "duration_minutes": item.duration_minutes,
            "owner": item.owner,
            "invited_hr": list(item.invited_hr.all()),
        }


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices, initial=NoteKind.NOTE)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX_LENGTH
    )

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save note"), action, "note")


def _clean_upload(upload: UploadedFile | None) -> UploadedFile:
    if upload is None:
        raise forms.ValidationError(_("Choose a file."), code="required")
    return uploads.validate_attachments([upload])[0]


def _upload_help() -> Any:
    return _("PDF, images (PNG, JPEG), text or Word/Excel documents.")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _upload_help()
        self.helper = _helper(_("Upload document"))

    def clean_file(self) -> UploadedFile:
        return _clean_upload(self.cleaned_data.get("file"))


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New version"))

    def __init__(self, *args: Any, action: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _upload_help()
        self.helper = _helper(_("Upload new version"), action, "version")

    def clean_file(self) -> UploadedFile:
        return _clean_upload(self.cleaned_data.get("file"))


class ConfidentialityForm(forms.Form):
    confidential = forms.BooleanField(label=_("Confidential under art. 20 WOR"), required=False)
    imposed_by = PersonChoiceField(
        label=_("Secrecy imposed by"), queryset=User.objects.none(), required=False
    )
    scope = forms.CharField(
        label=_("What the secrecy covers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )
    until = forms.DateField(label=_("Secret until"), widget=DateInput(), required=False)
    exempt = PeopleChoiceField(
        label=_("Exempt from secrecy"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("People with whom the members may discuss it all the same."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("imposed_by", "exempt"):
            field: Any = self.fields[name]
            field.queryset = active_users()
        self.helper = _helper(_("Save"))


class ActionForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=300)
    owner = PersonChoiceField(label=_("Who"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(
        self, *args: Any, items: QuerySet[AgendaItem], people: QuerySet[User], action: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "action")
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = people
        item: Any = self.fields["item"]
        item.queryset = items
        self.helper = _helper(_("Add action"), action, "action")


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH
    )
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args: Any, items: QuerySet[AgendaItem], action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "decision")
        super().__init__(*args, **kwargs)
        item: Any = self.fields["item"]
        item.queryset = items
        self.helper = _helper(_("Add decision"), action, "decision")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 16}), max_length=100_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save draft minutes"))


class HeldForm(forms.Form):
    suspended = forms.BooleanField(
        label=_("The meeting was suspended for separate deliberation"), required=False
    )
