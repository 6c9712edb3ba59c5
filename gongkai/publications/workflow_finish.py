"""WAGTAIL_FINISH_WORKFLOW_ACTION of the project (config/settings.py).

A module of its own, free of imports at load time: Wagtail resolves this setting while its own models
are being defined, before any app's models can be imported.
"""

from __future__ import annotations

from typing import Any


def finish_workflow_state(workflow_state: Any, user: Any = None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: what happens when a workflow is approved to its end.

    Pages (columns, static pages) are published, as Wagtail does by default. A document is never
    published by its review: it becomes “审查通过” and is published by a separate, deliberate step
    (now or at a set time). When the last step was decided in a service, that service records it.
    """
    from gongkai.publications.models import Document
    from gongkai.publications.workflows import service_is_approving

    content = workflow_state.content_object
    if not isinstance(content, Document):
        from wagtail.workflows import publish_workflow_state

        publish_workflow_state(workflow_state, user=user)
        return
    if service_is_approving():
        return
    from gongkai.publications.services import document_review_finished

    document_review_finished(document=content, actor=user)
