"""Workbench forms of the catalogue (政府信息). They only collect and check input: the views hand the
cleaned data to gongkai.publications.services, which validate again, save, keep a revision and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from gongkai.core.permissions import org_ids_where
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.portal.models import ColumnPage, OrganizationPage
from gongkai.publications.choices import (
    STATUTORY_ITEMS,
    Disclosure,
    DocumentKind,
    DocumentStatus,
    statutory_item_label,
)
from gongkai.publications.models import Document, DocumentAttachment, Subject
from gongkai.publications.search_select import SearchSelectMultiple, columns_below, columns_for_editor
from gongkai.publications.selectors import document_list_for
from gongkai.publications.services import EDITABLE_FIELDS, M2M_FIELDS, POLICY_KINDS, attachment_max_mb

FORM_FIELDS = ("org", "joint_issuers", *EDITABLE_FIELDS, "interprets", "columns")
# The attachment inputs of the edit screen (AttachmentsPanel): not document fields, handled by the view.
ATTACHMENT_FIELDS = ("attachment_file", "attachment_title", "attachments_remove")
# Left empty, these are "" (not None) for the services.
TEXT_FIELDS = ("summary", "body", "doc_number", "registration_no", "withheld_ground", "interpretation_form")


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}（{obj.doc_number}）" if obj.doc_number else str(obj.title)


def interpretable_documents(user: Any, exclude: Any = None) -> QuerySet[Document]:
    """Policy documents a person may name as interpreted: those of their organizations (the service
    also accepts other published ones; the list offers the ones they work on)."""
    targets = document_list_for(user=user).filter(kind__in=POLICY_KINDS)
    if exclude not in (None, "") and str(exclude).isdigit():
        targets = targets.exclude(pk=exclude)
    return targets


class ColumnChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


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
        widget=SearchSelectMultiple("policy-documents", placeholder=_("输入标题或发文字号检索政策文件")),
        help_text=_("类别为“政策解读”时必选：本解读所解读的政策文件。"),
        error_messages={"invalid_choice": _("“解读的政策文件”：所选文件不存在或不是您可以引用的政策文件。")},
    )
    columns = ColumnChoiceField(
        label=_("所属栏目"),
        required=False,
        queryset=ColumnPage.objects.none(),
        widget=SearchSelectMultiple(
            "columns", params={"org": "#id_org"}, placeholder=_("输入栏目名称检索本机构的栏目")
        ),
        help_text=_("本信息在门户上出现的本机构栏目；第二十条事项栏目和政策解读栏目会自动收录，无需选择。"),
        error_messages={"invalid_choice": _("“所属栏目”：所选栏目不是本机构的栏目。")},
    )
    attachment_file = forms.FileField(
        label=_("上传附件"),
        required=False,
        help_text=_("PDF、OFD、Word、Excel、PNG或JPG图片、ZIP压缩包；点“保存草稿”时上传。"),
    )
    attachment_title = forms.CharField(
        label=_("附件名称"), required=False, max_length=200, help_text=_("留空则使用文件名。")
    )
    attachments_remove = AttachmentChoiceField(
        label=_("删除附件"),
        required=False,
        queryset=DocumentAttachment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
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
        # Hundreds of organizations: a searchable chooser rather than a long <select multiple>.
        joint.widget = SearchSelectMultiple("organizations", placeholder=_("输入机构名称检索"))
        joint.queryset = orgs
        joint.error_messages["invalid_choice"] = _("“联合发文机构”：所选机构不存在。")
        interprets: Any = self.fields["interprets"]
        interprets.queryset = interpretable_documents(user, exclude=self.instance.pk)
        interprets.widget.params = {"exclude": self.instance.pk or ""}
        columns: Any = self.fields["columns"]
        # A saved draft's organization is fixed: its columns, whoever looks at the form.
        columns.queryset = (
            columns_below(OrganizationPage.objects.filter(org_id=self.instance.org_id))
            if self.instance.pk
            else columns_for_editor(user)
        )
        self._set_up_attachments()
        self.fields["withheld_ground"].label = _("不予公开依据（公开属性为“不予公开”时必填）")
        if self.instance.pk:
            self.initial["keywords"] = "、".join(self.instance.keywords or [])
            # The issuing organization is part of the 索引号 and cannot change after drafting.
            org_field.disabled = True
            org_field.queryset = orgs.filter(pk=self.instance.org_id)
            if self.instance.status != DocumentStatus.DRAFT:
                for field in self.fields.values():
                    field.disabled = True

    def _set_up_attachments(self) -> None:
        """Attachments are managed on the edit screen of a draft only (document_attachment_add and
        _remove accept nothing else); elsewhere the fields go and the panel lists them read-only."""
        if self.instance.pk and self.instance.status == DocumentStatus.DRAFT:
            upload = self.fields["attachment_file"]
            limit = attachment_max_mb()
            upload.help_text = f"{upload.help_text}{_('单个文件不超过%(mb)sMB。') % {'mb': limit}}"
            remove: Any = self.fields["attachments_remove"]
            remove.queryset = self.instance.attachments.all()
            return
        for name in ATTACHMENT_FIELDS:
            del self.fields[name]

    def attachment_changes(self) -> tuple[list[Any], Any, str]:
        """(attachments to remove, uploaded file or None, its title) from the cleaned input."""
        data = self.cleaned_data
        return (
            list(data.get("attachments_remove") or []),
            data.get("attachment_file"),
            data.get("attachment_title") or "",
        )

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
        if "columns" in self.fields:
            values["columns"] = list(data.get("columns") or [])
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
