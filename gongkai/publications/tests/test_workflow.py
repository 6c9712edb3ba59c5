"""保密审查 on Wagtail's workflow engine (gongkai.publications.workflows): the services move the workflow
state with the document's status, and Wagtail's own workflow screens obey the same four-eyes rule."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupApprovalTask, TaskState, Workflow, WorkflowState, WorkflowTask

from gongkai.core.exceptions import ServicePermissionDenied
from gongkai.core.testing import Region
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.models import ConfidentialityReviewTask, Document
from gongkai.publications.services import document_approve, document_return, document_submit
from gongkai.publications.tests.helpers import draft, grant
from gongkai.publications.viewsets import awaiting_my_review

pytestmark = pytest.mark.django_db

NS = "wagtailsnippets_publications_document"


def submitted(region: Region) -> Document:
    return document_submit(actor=region.lisi, document=draft(region))


def state_of(document: Document) -> WorkflowState:
    state: WorkflowState = WorkflowState.objects.for_instance(document).order_by("-pk").first()
    return state


def review_task() -> ConfidentialityReviewTask:
    return ConfidentialityReviewTask.objects.get(name="保密审查")


def action_url(document: Document, action: str) -> str:
    task_state = state_of(document).current_task_state
    assert task_state is not None
    return reverse(f"{NS}:workflow_action", args=[document.pk, action, task_state.pk])


def client_for(user: Any, settings: Any) -> Client:
    settings.GONGKAI_REQUIRE_2FA = False
    client = Client()
    client.force_login(user)
    return client


# --- The default workflow ----------------------------------------------------------------------------


def test_it_assigns_the_review_workflow_to_documents_and_drops_wagtails_defaults() -> None:
    workflow = Document.get_default_workflow()
    assert workflow is not None and workflow.name == "保密审查"
    assert [task.specific_class for task in workflow.tasks] == [ConfidentialityReviewTask]
    # Wagtail's initial groups and their workflow would bypass memberships; nobody is in them.
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


# --- Services drive the workflow ---------------------------------------------------------------------


def test_it_starts_the_workflow_on_submission_with_the_submitted_revision(region: Region) -> None:
    document = submitted(region)

    state = state_of(document)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == region.lisi
    task_state = state.current_task_state
    assert task_state is not None and task_state.task.specific == review_task()
    assert task_state.revision_id == document.latest_revision_id
    assert document.workflow_in_progress


def test_it_approves_the_task_and_approves_but_never_publishes_the_document(region: Region) -> None:
    document = document_approve(actor=region.wangwu, document=submitted(region))

    state = state_of(document)
    assert state.status == WorkflowState.STATUS_APPROVED
    assert TaskState.objects.get(workflow_state=state).finished_by == region.wangwu
    document.refresh_from_db()
    assert document.status == DocumentStatus.APPROVED
    assert document.live is False and document.index_no is None  # publication is its own step


def test_it_rejects_the_task_on_return_and_resumes_it_on_resubmission(region: Region) -> None:
    document = document_return(actor=region.wangwu, document=submitted(region), reason="密级标注不清")
    state = state_of(document)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = TaskState.objects.get(workflow_state=state)
    assert rejected.status == TaskState.STATUS_REJECTED and rejected.comment == "密级标注不清"

    document = document_submit(actor=region.lisi, document=document)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # the same workflow, resumed
    assert state.current_task_state is not None
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == document.latest_revision_id


def test_it_keeps_four_eyes_when_the_submitter_is_also_a_reviewer(region: Region) -> None:
    grant(region, region.lisi, "reviewer")
    document = submitted(region)

    with pytest.raises(ServicePermissionDenied):
        document_approve(actor=region.lisi, document=document)
    assert state_of(document).status == WorkflowState.STATUS_IN_PROGRESS


# --- The task answers Wagtail's questions with our rules ----------------------------------------------


def test_it_offers_review_actions_only_to_reviewers_of_the_org_other_than_the_submitter(
    region: Region,
) -> None:
    grant(region, region.lisi, "reviewer")
    document = submitted(region)
    task = review_task()

    assert [name for name, _label, _modal in task.get_actions(document, region.wangwu)] == [
        "reject",
        "approve",
    ]
    assert task.get_actions(document, region.lisi) == []  # the submitter
    assert task.get_actions(document, region.zhaoliu) == []  # another organization's staff


def test_it_lists_the_steps_a_reviewer_may_moderate(region: Region) -> None:
    grant(region, region.lisi, "reviewer")
    document = submitted(region)
    task = review_task()

    for_wangwu = task.get_task_states_user_can_moderate(region.wangwu)
    assert [ts.workflow_state.object_id for ts in for_wangwu] == [str(document.pk)]
    assert not task.get_task_states_user_can_moderate(region.lisi).exists()
    assert not task.get_task_states_user_can_moderate(region.zhaoliu).exists()


# --- Wagtail's own workflow screens go through the services -------------------------------------------


def test_it_approves_through_wagtails_workflow_action_with_audit(region: Region, settings: Any) -> None:
    document = submitted(region)

    response = client_for(region.wangwu, settings).post(action_url(document, "approve"), {"comment": ""})

    assert response.status_code in (200, 302)
    document.refresh_from_db()
    assert document.status == DocumentStatus.APPROVED and document.approved_by == region.wangwu


def test_it_refuses_wagtails_workflow_action_to_the_submitter(region: Region, settings: Any) -> None:
    grant(region, region.lisi, "reviewer")
    document = submitted(region)

    response = client_for(region.lisi, settings).post(action_url(document, "approve"), {"comment": ""})

    # Wagtail's admin answers a PermissionDenied with a redirect and its “no permission” message.
    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_it_requires_a_reason_to_return_through_wagtails_dialog(region: Region, settings: Any) -> None:
    document = submitted(region)
    client = client_for(region.wangwu, settings)
    headers = {"x-requested-with": "XMLHttpRequest"}

    refused = client.post(action_url(document, "reject"), {"comment": ""}, headers=headers)
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED
    assert "退回原因" in json.loads(refused.content)["html"]

    client.post(action_url(document, "reject"), {"comment": "请补充保密审查意见"}, headers=headers)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    assert document.returned_reason == "请补充保密审查意见"


# --- A workflow an administrator extended --------------------------------------------------------------


@pytest.fixture
def leaders_step(region: Region) -> Group:
    """A second step after 保密审查: sign-off by a group of leaders, added in Wagtail's 工作流 screens."""
    leaders = Group.objects.create(name="分管领导")
    step = GroupApprovalTask.objects.create(name="领导审签")
    step.groups.add(leaders)
    workflow = Document.get_default_workflow()
    WorkflowTask.objects.create(workflow=workflow, task=step, sort_order=1)
    return leaders


def test_it_waits_for_an_added_step_before_approving(region: Region, leaders_step: Group) -> None:
    document = document_approve(actor=region.wangwu, document=submitted(region))

    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED  # 保密审查 passed, 领导审签 pending
    assert state_of(document).current_task_state.task.name == "领导审签"  # type: ignore[union-attr]
    # A reviewer outside the leaders' group cannot take the leaders' step through the service, and
    # their dashboard no longer lists it; a leader's does.
    with pytest.raises(ServicePermissionDenied):
        document_approve(actor=region.wangwu, document=document)
    assert awaiting_my_review(region.wangwu) == []
    grant(region, region.zhaoliu, "viewer")
    region.zhaoliu.groups.add(leaders_step)
    assert [item.title for item in awaiting_my_review(region.zhaoliu)] == [document.title]

    region.admin.groups.add(leaders_step)
    state_of(document).current_task_state.specific.approve(user=region.admin)  # type: ignore[union-attr]

    document.refresh_from_db()
    assert document.status == DocumentStatus.APPROVED and document.approved_by == region.admin


def test_it_lists_a_pending_review_once_on_the_dashboard(region: Region, settings: Any) -> None:
    document = submitted(region)

    html = client_for(region.wangwu, settings).get(reverse("wagtailadmin_home")).content.decode()

    assert "待我审查的政府信息" in html
    assert html.count(document.title) == 1  # not again in Wagtail's own "awaiting your review"
