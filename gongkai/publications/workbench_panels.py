"""Panels of the document edit screen that are not plain fields: the attachments (附件) of a draft."""

from __future__ import annotations

from typing import Any

from wagtail.admin.panels import Panel

from gongkai.publications.choices import DocumentStatus
from gongkai.publications.forms import ATTACHMENT_FIELDS


class AttachmentsPanel(Panel):
    """Lists a saved document's attachments with size and download count; on a draft also offers to
    upload one and to tick attachments for removal, both done by the edit view through the services
    when the form is saved (document_attachment_add / document_attachment_remove)."""

    def get_form_options(self) -> dict[str, Any]:
        # Claims its inputs, so Wagtail does not render them again as "missing" fields.
        return {"fields": list(ATTACHMENT_FIELDS)}

    class BoundPanel(Panel.BoundPanel):
        template_name = "publications/admin/attachments_panel.html"

        def is_shown(self) -> bool:
            return bool(self.instance is not None and self.instance.pk)

        def get_context_data(self, parent_context: Any = None) -> Any:
            context = super().get_context_data(parent_context)
            form = self.form
            context["attachments"] = list(self.instance.attachments.select_related("file"))
            editable = self.instance.status == DocumentStatus.DRAFT and "attachment_file" in form.fields
            context["editable"] = editable
            if context["editable"]:
                context["upload_field"] = form["attachment_file"]
                context["title_field"] = form["attachment_title"]
                context["remove_field"] = form["attachments_remove"]
                chosen = {str(v) for v in (form["attachments_remove"].value() or [])}
                context["remove_chosen"] = chosen
            return context
