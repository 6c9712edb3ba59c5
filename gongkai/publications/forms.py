"""Workbench forms of the catalogue (政府信息). They only collect and check input: the views hand the
cleaned data to gongkai.publications.services, which validate again, save, keep a revision and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from gongkai.core.permissions import org_ids_where
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.publications.choices import (
    STATUTORY_ITEMS,
    Disclosure,
    DocumentKind,
    DocumentStatus,
    statutory_item_label,
)
from gongkai.publications.models import Document, Subject
from gongkai.publications.selectors import document_list_for
from gongkai.publications.services import EDITABLE_FIELDS, M2M_FIELDS, POLICY_KINDS

FORM_FIELDS = ("org", "joint_issuers", *EDITABLE_FIELDS, "interprets")
# Left empty, these are "" (not None) for the services.
TEXT_FIELDS = ("summary", "body", "doc_number", "registration_no", "withheld_ground", "interpretation_form")


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}（{obj.doc_number}）" if obj.doc_number else str(obj.title)


class DocumentForm(WagtailAdminModelForm):
    """Draft or edit an item of government information with its catalogue metadata (statutory.md §1)."""

    subject = SubjectChoiceField(label=_("主题分类"), queryset=Subject.objects.none())
    keywords = forms.CharField(
        label=_("主题词"), required=False, help_text=_("多个主题词用顿号、逗号或空格分隔。")
    )
    statutory_items = forms.TypedMultipleChoiceField(
        label=_("法定主动公开内容"),
        required=False,
        coerce=int,
        choices=[(number, statutory_item_label(number)) for number in STATUTORY_ITEMS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("本信息属于条例第二十条规定的哪些主动公开事项。"),
    )
    interprets = DocumentChoiceField(
        label=_("解读的政策文件"),
        required=False,
        queryset=Document.objects.none(),
        help_text=_("类别为“政策解读”时必选：本解读所解读的政策文件。"),
    )

    class Meta:
        model = Document
        # The rich-text body is added by its FieldPanel when Wagtail builds the real form class: building
        # a Draftail widget here, at import, would scan the wagtail_hooks that import this module.
        fields = [name for name in FORM_FIELDS if name != "body"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["subject"].queryset = Subject.objects.select_related("parent").order_by("sort")  # type: ignore[attr-defined]
        editor_orgs = org_ids_where(user, [Role.EDITOR])
        orgs = Organization.objects.order_by("sort_order", "code")
        org_field: Any = self.fields["org"]
        org_field.queryset = orgs if editor_orgs is None else orgs.filter(pk__in=editor_orgs)
        if len(editor_orgs or ()) == 1 and not self.instance.pk:
            org_field.initial = next(iter(editor_orgs or ()))
        joint: Any = self.fields["joint_issuers"]
        joint.queryset = orgs
        # Policy documents this person may cite: their own organizations' and published ones are both
        # fine for the service; the list offers the ones they work on.
        targets = document_list_for(user=user).filter(kind__in=POLICY_KINDS)
        if self.instance.pk:
            targets = targets.exclude(pk=self.instance.pk)
        interprets: Any = self.fields["interprets"]
        interprets.queryset = targets
        self.fields["withheld_ground"].label = _("不予公开依据（公开属性为“不予公开”时必填）")
        if self.instance.pk:
            self.initial["keywords"] = "、".join(self.instance.keywords or [])
            # The issuing organization is part of the 索引号 and cannot change after drafting.
            org_field.disabled = True
            org_field.queryset = orgs.filter(pk=self.instance.org_id)
            if self.instance.status != DocumentStatus.DRAFT:
                for field in self.fields.values():
                    field.disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("disclosure") == Disclosure.WITHHELD and not cleaned.get("withheld_ground"):
            self.add_error(
                "withheld_ground", _("公开属性为“不予公开”时必须选择不予公开依据（条例第十四至十六条）。")
            )
        if cleaned.get("kind") == DocumentKind.INTERPRETATION and not cleaned.get("interprets"):
            self.add_error("interprets", _("政策解读必须关联至少一件被解读的政策文件。"))
        return cleaned

    def _post_clean(self) -> None:
        # The model's own full_clean would see the keyword text as JSON and the services validate the
        # document anyway (with the same Chinese messages); only the form's field checks run here.
        pass

    def service_values(self) -> dict[str, Any]:
        """The cleaned input as the services take it (document_create's arguments)."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in EDITABLE_FIELDS if name in self.fields}
        values["statutory_items"] = sorted(data.get("statutory_items") or [])
        values["keywords"] = data.get("keywords") or ""
        values["interprets"] = [doc.pk for doc in data.get("interprets") or []]
        values["joint_issuers"] = list(data.get("joint_issuers") or [])
        for name in (
            "summary",
            "body",
            "doc_number",
            "registration_no",
            "withheld_ground",
            "interpretation_form",
        ):
            values[name] = values.get(name) or ""
        return values

    def changes_against(self, current: Document) -> dict[str, Any]:
        """The fields whose value differs from the stored document (document_update's changes)."""
        values = self.service_values()
        changes: dict[str, Any] = {}
        for name, value in values.items():
            if name in M2M_FIELDS:
                stored: Any = sorted(
                    (o.pk for o in getattr(current, name).all()),
                )
                given = sorted(v if isinstance(v, int) else v.pk for v in value)
                if stored != given:
                    changes[name] = value
            elif name == "subject":
                if value is not None and value.pk != current.subject_id:
                    changes[name] = value
            elif name == "keywords":
                if value != "、".join(current.keywords or []):
                    changes[name] = value
            elif getattr(current, name) != value:
                changes[name] = value
        return changes


class ReasonForm(forms.Form):
    """退回 or 撤回: the reason is required and shown to the editor (or on the public page)."""

    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 4}), required=True)


class PublishForm(forms.Form):
    """发布: now, or at a later date and time (定时发布; ``tick`` publishes it then)."""

    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("留空则立即发布；填写将来的时间则到时自动发布。"),
    )


class ConfirmForm(forms.Form):
    """送审 and 审查通过 need no input: the button is the confirmation."""
