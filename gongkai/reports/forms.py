"""Forms of the annual-report screens. The services validate; the forms only carry what was typed, so
that a refused submit shows the service's message on its field and keeps every value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import ENTERED_FIELDS, TEXT_FIELDS, entered_values


def _label(name: str) -> Any:
    return getattr(AnnualReport._meta.get_field(name), "verbose_name", name)


class AnnualReportForm(forms.Form):
    """Texts of sections 一, 五, 六 and the section 二 figures staff enter."""

    section1 = forms.CharField(
        label=_label("section1"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    section5 = forms.CharField(
        label=_label("section5"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    section6 = forms.CharField(
        label=_label("section6"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    licensing = forms.CharField(label=_label("licensing"), required=False, help_text=_("件；留空表示未填报"))
    penalty = forms.CharField(label=_label("penalty"), required=False, help_text=_("件；留空表示未填报"))
    enforcement = forms.CharField(
        label=_label("enforcement"), required=False, help_text=_("件；留空表示未填报")
    )
    fees_10k_yuan = forms.CharField(
        label=_label("fees_10k_yuan"), required=False, help_text=_("万元，最多4位小数；留空表示未填报")
    )

    @classmethod
    def initial_for(cls, report: AnnualReport) -> dict[str, Any]:
        values: dict[str, Any] = {name: getattr(report, name) for name in TEXT_FIELDS}
        values.update(entered_values(report))  # 万元 without the trailing zeros of the column
        return {name: "" if value is None else value for name, value in values.items()}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in (*TEXT_FIELDS, *ENTERED_FIELDS)}


class StartReportForm(forms.Form):
    org: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("机构"), queryset=Organization.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("年度"))

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]


class RollupForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100)
    orgs: forms.ModelMultipleChoiceField[Organization] = forms.ModelMultipleChoiceField(
        label=_("机构"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgs"].queryset = orgs  # type: ignore[attr-defined]
