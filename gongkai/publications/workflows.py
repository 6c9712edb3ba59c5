"""保密审查 on Wagtail's workflow engine (issue 3 item 2; 条例第十七条).

A submitted document runs the Wagtail workflow assigned to the Document model (by default “保密审查”,
one ConfidentialityReviewTask, created by a data migration; administrators may add steps in the
workbench's 工作流 screens). Wagtail keeps the workflow and task states, their history and the
“awaiting review” lists; ``Document.status`` stays the one source of truth of the editorial state, and
the services of gongkai.publications.services move both together:

- ``document_submit`` starts the workflow (or resumes it after a return),
- ``document_approve`` approves the current task; the document becomes “审查通过” when the workflow
  finishes,
- ``document_return`` rejects the current task (the workflow then needs changes).

The functions here are the glue both ways: the services call ``review_*``; Wagtail calls the task's
methods, which call the services (so its own workflow screens obey the same four-eyes rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, Workflow, WorkflowState

from gongkai.core.exceptions import ServicePermissionDenied
from gongkai.core.permission_policies import user_roles
from gongkai.orgs.choices import Role
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.models import ConfidentialityReviewTask, Document

# Set while a service approves a task itself, so that the workflow's finish hook (which Wagtail calls
# in the middle of the approval) leaves the status change to that service.
_service_approval: ContextVar[bool] = ContextVar("gongkai_service_approval", default=False)
# Set while a service starts the review of a document, so that the first task finds it in memory.
_submitted: ContextVar[Document | None] = ContextVar("gongkai_submitted_document", default=None)


class ReturnReasonForm(forms.Form):
    """The reason Wagtail's own “退回修改” dialog asks for: a return without a reason is refused."""

    comment = forms.CharField(
        label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, required=True
    )


def user_may_review(*, user: Any, document: Any) -> bool:
    """Whether ``user`` may decide the 保密审查 of ``document`` now: a reviewer of its organization
    (or a platform administrator), never the person who submitted it (四眼原则, statutory.md §1).
    Reads cached roles only; the services check again before acting."""
    if not isinstance(document, Document) or document.status != DocumentStatus.SUBMITTED:
        return False
    if getattr(user, "pk", None) is None or user.pk == document.submitted_by_id:
        return False
    roles = user_roles(user)
    return roles.platform_admin or Role.REVIEWER in roles.by_org.get(document.org_id, frozenset())


def review_workflow() -> Workflow | None:
    """The active workflow assigned to documents, or None when an administrator removed it (the
    services then review in one step, with the same checks)."""
    workflow: Workflow | None = Document.get_default_workflow()
    return workflow


def _active_state(document: Document) -> WorkflowState | None:
    """The document's workflow state in progress (or needing changes), read in one query with what
    Wagtail reads of it while approving or rejecting: its workflow, current task state, task and the
    revision under review."""
    state: WorkflowState | None = (
        WorkflowState.objects.for_instance(document)
        .active()
        .select_related("workflow", "current_task_state__task", "current_task_state__revision")
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is not None:
        _share_document(state, document)
    return state


def _share_document(state: WorkflowState, document: Document) -> None:
    """Hand ``document`` (just locked and read by the service) to Wagtail's objects, which would
    otherwise each fetch it again: the state's ``content_object`` (read when a task starts and when the
    workflow finishes) and the reviewed revision's, whose ``as_object()`` Wagtail logs every decision
    with; and that revision as the document's latest when it is (it is, unless a step was added)."""
    _cache(WorkflowState, "content_object", state, document)
    task_state = state.current_task_state
    revision = task_state.revision if task_state is not None else None
    if revision is None or revision.object_id != str(document.pk):
        return
    _cache(type(revision), "content_object", revision, document)
    if revision.pk == document.latest_revision_id:
        _cache(Document, "latest_revision", document, revision)


def _cache(model: Any, field_name: str, instance: Any, value: Any) -> None:
    """Put ``value`` in ``instance``'s cache of the relation ``field_name``, as loading it would."""
    model._meta.get_field(field_name).set_cached_value(instance, value)


def review_start(*, document: Document, actor: Any) -> None:
    """Put a just-submitted document on the review workflow: resume the one that was returned, or
    start the assigned workflow anew."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    state = _active_state(document)
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return
    if state is not None:  # left in progress by an older version or a manual change: start clean
        state.cancel(user=user)
    workflow = review_workflow()
    if workflow is not None:
        token = _submitted.set(document)
        try:
            workflow.start(document, user)
        finally:
            _submitted.reset(token)


def share_submitted_document(workflow_state: WorkflowState) -> None:
    """Called by ConfidentialityReviewTask.start: a workflow state that Wagtail has just created for the
    document a service is submitting gets that document (with its latest revision, the one under
    review) instead of fetching both again."""
    document = _submitted.get()
    if document is not None and workflow_state.object_id == str(document.pk):
        _share_document(workflow_state, document)


def review_approve(*, document: Document, actor: Any) -> bool:
    """Approve the current workflow task of ``document``; True when no step is left, i.e. the
    document has passed the whole review."""
    state = _active_state(document)
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return True
    task_state = state.current_task_state
    if task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS:
        _require_step_permission(task_state, document=document, actor=actor)
        task_state.workflow_state = state
        with _approving_in_service():
            task_state.specific.approve(user=actor)
    # No refresh_from_db(): Wagtail moves the workflow on (next task, or finished) on this very
    # ``state`` object, which the task state was given above.
    return state.status == WorkflowState.STATUS_APPROVED


def review_reject(*, document: Document, actor: Any, reason: str) -> None:
    """Reject the current task with the reviewer's reason (the workflow then needs changes); a
    document whose review had already finished (approved, scheduled) has nothing to reject."""
    state = _active_state(document)
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = state.current_task_state
    if task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS:
        task_state.workflow_state = state
        task_state.specific.reject(user=actor, comment=reason)


def _require_step_permission(task_state: TaskState, *, document: Document, actor: Any) -> None:
    """A step an administrator added (e.g. a group approval by leaders) keeps its own rule of who
    decides it; 保密审查's rule is checked by the service itself."""
    # The task's class comes from its content type (cached): 保密审查 is told without loading it.
    specific_class = task_state.task.specific_class
    if specific_class is not None and issubclass(specific_class, ConfidentialityReviewTask):
        return
    task = task_state.task.specific
    if "approve" not in [name for name, _label, _modal in task.get_actions(document, actor)]:
        raise ServicePermissionDenied(_("当前审核步骤“%(task)s”不由您审批。") % {"task": task.name})


@contextmanager
def _approving_in_service() -> Iterator[None]:
    token = _service_approval.set(True)
    try:
        yield
    finally:
        _service_approval.reset(token)


def review_action(*, task_state: Any, user: Any, action_name: str, **kwargs: Any) -> None:
    """A decision taken in Wagtail's own workflow screens (the dashboard's review list, the workflow
    report): carried out by the same services as the workbench's buttons and the API."""
    from django.core.exceptions import PermissionDenied

    # Imported here: the services import this module (they drive the workflow).
    from gongkai.publications.services import document_approve, document_return

    document = Document.objects.select_related("org").get(pk=task_state.workflow_state.object_id)
    try:
        if action_name == "approve":
            document_approve(actor=user, document=document)
        elif action_name == "reject":
            document_return(actor=user, document=document, reason=kwargs.get("comment", ""))
        else:
            raise PermissionDenied
    except ServicePermissionDenied as exc:
        raise PermissionDenied(exc.message) from exc


def task_states_to_review(*, task: Any, user: Any) -> QuerySet[TaskState]:
    """The in-progress 保密审查 steps ``user`` may decide: documents of the organizations where they
    are a reviewer, except those they submitted themselves (four-eyes)."""
    roles = user_roles(user)
    documents = Document.objects.filter(status=DocumentStatus.SUBMITTED)
    if not roles.platform_admin:
        org_ids = [org_id for org_id, held in roles.by_org.items() if Role.REVIEWER in held]
        documents = documents.filter(org_id__in=org_ids)
    if getattr(user, "pk", None) is not None:
        documents = documents.exclude(submitted_by_id=user.pk)
    ids = documents.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    states: QuerySet[TaskState] = task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Document),
        workflow_state__object_id__in=ids,
    )
    return states


def service_is_approving() -> bool:
    """True while a service approves a task itself (see finish_workflow_state)."""
    return _service_approval.get()


def document_ids_awaiting(user: Any) -> set[str] | None:
    """Ids (as Wagtail stores them) of the documents whose current review step ``user`` may decide, over
    every step of the workflow (保密审查 and any an administrator added); None when no workflow is
    assigned to documents (then the status and the reviewer role decide, see the dashboard)."""
    workflow = review_workflow()
    if workflow is None:
        return None
    ids: set[str] = set()
    for task in workflow.tasks.filter(active=True).specific():
        states = task.get_task_states_user_can_moderate(user).filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Document)
        )
        ids.update(states.values_list("workflow_state__object_id", flat=True))
    return ids
