"""Registers the audit actions of 主动公开, so its entries show in the history and the 操作日志 report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from gongkai.core.dashboard import register_task_panel


@hooks.register("register_log_actions")
def register_document_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.document.create", _("起草政府信息"), _("起草了政府信息"))
    actions.register_action("gongkai.document.update", _("修改政府信息"), _("修改了政府信息"))
    actions.register_action("gongkai.document.submit", _("送审"), _("送交保密审查"))
    actions.register_action("gongkai.document.approve", _("审查通过"), _("保密审查通过"))
    actions.register_action(
        "gongkai.document.review_step", _("审核步骤通过"), _("通过了一个审核步骤，等待下一步审核")
    )
    actions.register_action("gongkai.document.return", _("退回"), _("退回修改"))
    actions.register_action("gongkai.document.schedule", _("定时发布"), _("设定了定时发布"))
    actions.register_action("gongkai.document.publish", _("发布"), _("发布了政府信息"))
    actions.register_action("gongkai.document.withdraw", _("撤回"), _("撤回了政府信息"))


# --- Workbench screens and dashboard panels (issue 3, staff side) ----------------------------------------
# Named by dotted path and imported late: the viewsets build rich-text forms, which scan these very hooks.

register_snippet("gongkai.publications.viewsets.DocumentViewSet")


def _late(name: str) -> Callable[[Any], Any]:
    def provider(user: Any) -> Any:
        from gongkai.publications import viewsets

        return getattr(viewsets, name)(user)

    return provider


register_task_panel(
    "publications.returned", label=_("退回给我的政府信息"), provider=_late("returned_to_me"), order=20
)
register_task_panel(
    "publications.review", label=_("待我审查的政府信息"), provider=_late("awaiting_my_review"), order=21
)
register_task_panel("publications.drafts", label=_("我的草稿"), provider=_late("my_drafts"), order=22)
register_task_panel(
    "publications.scheduled", label=_("定时发布"), provider=_late("scheduled_of_my_orgs"), order=23
)


# --- 主动公开报表: supervision reports (issue 3 §3 and §4) ---------------------------------------------


@hooks.register("register_admin_urls")
def register_publication_report_urls():  # type: ignore[no-untyped-def]
    from django.urls import include, path

    from gongkai.publications import report_views

    return [
        path(
            "publications/reports/",
            include(
                (report_views.urlpatterns(), report_views.URL_NAMESPACE), namespace=report_views.URL_NAMESPACE
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_publication_reports_menu():  # type: ignore[no-untyped-def]
    from gongkai.publications.report_views import reports_menu_item

    return reports_menu_item()


# --- 行政规范性文件 and 政府公报 audit actions (gongkai.publications.normative, .gazette) ---


@hooks.register("register_log_actions")
def register_normative_and_gazette_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.normative.amend", _("修订规范性文件"), _("规范性文件被修订"))
    actions.register_action("gongkai.normative.repeal", _("废止规范性文件"), _("规范性文件被废止"))
    actions.register_action("gongkai.normative.expire", _("规范性文件失效"), _("规范性文件有效期届满失效"))
    actions.register_action("gongkai.normative.cleanup", _("清理规范性文件"), _("按清理结果变更了有效性"))
    actions.register_action("gongkai.cleanup.create", _("开展清理"), _("开展了规范性文件清理"))
    actions.register_action("gongkai.cleanup.item", _("编辑清理结果"), _("编辑了清理结果"))
    actions.register_action("gongkai.cleanup.publish", _("发布清理结果"), _("发布了清理结果"))
    actions.register_action("gongkai.gazette.create", _("创建公报"), _("创建了一期政府公报"))
    actions.register_action("gongkai.gazette.add_document", _("公报收录文件"), _("在公报中收录了文件"))
    actions.register_action("gongkai.gazette.publish", _("出版公报"), _("出版了政府公报"))


# --- Attachment files: Wagtail's own document URL must not leak an unpublished document's files -------


@hooks.register("before_serve_document")
def keep_unpublished_attachments_private(document: Any, request: Any) -> None:
    from django.http import Http404

    from gongkai.publications.selectors import attachment_file_visible

    if not attachment_file_visible(file=document, user=request.user):
        raise Http404(_("没有这个文件。"))


# --- 政府公报 and 规范性文件清理 workbench screens, and the searchable chooser's endpoint ------------------


@hooks.register("register_log_actions")
def register_workbench_log_actions(actions):  # type: ignore[no-untyped-def]
    actions.register_action("gongkai.gazette.remove_document", _("公报移除文件"), _("从公报中移除了文件"))
    actions.register_action("gongkai.gazette.reorder", _("调整公报顺序"), _("调整了公报文件的顺序"))
    actions.register_action("gongkai.cleanup.remove_item", _("移除清理结果"), _("从清理结果中移除了文件"))


@hooks.register("register_admin_urls")
def register_workbench_urls():  # type: ignore[no-untyped-def]
    from django.urls import include, path

    from gongkai.publications import cleanup_workbench, gazette_workbench, search_select

    return [
        path(
            "publications/gazette/",
            include(
                (gazette_workbench.urlpatterns(), gazette_workbench.URL_NAMESPACE),
                namespace=gazette_workbench.URL_NAMESPACE,
            ),
        ),
        path(
            "publications/cleanup/",
            include(
                (cleanup_workbench.urlpatterns(), cleanup_workbench.URL_NAMESPACE),
                namespace=cleanup_workbench.URL_NAMESPACE,
            ),
        ),
        path("publications/search/<str:source>/", search_select.search_view, name=search_select.URL_NAME),
    ]


@hooks.register("register_admin_menu_item")
def register_gazette_menu():  # type: ignore[no-untyped-def]
    from django.urls import reverse_lazy

    from gongkai.publications.workbench import RoleHolderMenuItem

    # Right after 政府信息 (order 200): both compose published documents.
    return RoleHolderMenuItem(
        _("政府公报"),
        reverse_lazy("gazette_workbench:list"),
        name="gazette",
        icon_name="doc-full-inverse",
        order=201,
    )


@hooks.register("register_admin_menu_item")
def register_cleanup_menu():  # type: ignore[no-untyped-def]
    from django.urls import reverse_lazy

    from gongkai.publications.workbench import RoleHolderMenuItem

    return RoleHolderMenuItem(
        _("规范性文件清理"),
        reverse_lazy("cleanup_workbench:list"),
        name="normative-cleanup",
        icon_name="list-ul",
        order=202,
    )
