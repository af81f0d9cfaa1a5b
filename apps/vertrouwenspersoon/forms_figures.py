"""Forms for the anonymised figures. Validation only; the services write."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AnnualReport


class AnnualReportCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AnnualReport
        fields = ("year", "quarter")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["year"].help_text = _("Figures can be published once the period has ended.")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Prepare figures")))

    def validate_unique(self) -> None:
        """The service reports a duplicate period in plain words."""


class AnnualReportTextForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AnnualReport
        fields = ("explanation", "recommendations")
        widgets = {
            "explanation": forms.Textarea(attrs={"rows": 5}),
            "recommendations": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "explanation": _("What the figures show, in words. Never describe a case or a person."),
            "recommendations": _(
                "Signals you noticed without a case (for example in conversations) and what you "
                "recommend the organisation to do."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save text")))
