"""The 依申请公开 menu of the staff workbench and its screens' URLs (/staff/foi/…).

- 案件队列 (/staff/foi/cases/): the queue, each case's page with its actions, the full applicant data on
  request, attachments, the letters (拟制, 审批, 送达, DOCX) and the audit history — for foi_handler,
  foi_head and org_admin;
- 登记申请 (/staff/foi/intake/): applications received in person, by post, fax or e-mail — for foi_handler
  and foi_head;
- 依申请转主动 (/staff/foi/repeated/) and 典型案例库 (/staff/foi/library/): gongkai.foi.workbench.conversion.

The views live in gongkai.foi.workbench; each menu entry is shown only to those who hold such a role
somewhere (from the roles cached on the request: no query).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from gongkai.foi.selectors import CASE_READER_ROLES
from gongkai.foi.services.common import HANDLER_ROLES
from gongkai.publications.workbench import forbidden_as_page, holds_role_anywhere


class CaseReaderMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return holds_role_anywhere(request.user, CASE_READER_ROLES)


class HandlerMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return holds_role_anywhere(request.user, HANDLER_ROLES)


class FoiCaseViewSet(ViewSet):
    name = "foi_cases"
    url_prefix = "foi/cases"
    menu_label = gettext_lazy("案件队列")
    menu_name = "foi-queue"
    menu_icon = "list-ul"
    menu_item_class = CaseReaderMenuItem

    def get_urlpatterns(self) -> list[Any]:
        from gongkai.foi.workbench import letter_views, views

        return [
            path("", forbidden_as_page(views.QueueView.as_view()), name="queue"),
            path("<int:pk>/", forbidden_as_page(views.CaseView.as_view()), name="case"),
            path(
                "<int:pk>/action/<str:action>/",
                forbidden_as_page(views.CaseActionView.as_view()),
                name="action",
            ),
            path("<int:pk>/reveal/", forbidden_as_page(views.RevealView.as_view()), name="reveal"),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                forbidden_as_page(views.AttachmentView.as_view()),
                name="attachment",
            ),
            path("<int:pk>/history/", forbidden_as_page(views.HistoryView.as_view()), name="history"),
            path(
                "<int:pk>/letters/draft/<str:kind>/",
                forbidden_as_page(letter_views.LetterDraftView.as_view()),
                name="letter_draft",
            ),
            path(
                "<int:pk>/letters/<int:letter_pk>/approve/",
                forbidden_as_page(letter_views.LetterApproveView.as_view()),
                name="letter_approve",
            ),
            path(
                "<int:pk>/letters/<int:letter_pk>/send/",
                forbidden_as_page(letter_views.LetterSendView.as_view()),
                name="letter_send",
            ),
            path(
                "<int:pk>/letters/<int:letter_pk>/discard/",
                forbidden_as_page(letter_views.LetterDiscardView.as_view()),
                name="letter_discard",
            ),
            path(
                "<int:pk>/letters/<int:letter_pk>/docx/",
                forbidden_as_page(letter_views.LetterDocxView.as_view()),
                name="letter_docx",
            ),
        ]


class FoiIntakeViewSet(ViewSet):
    name = "foi_intake"
    url_prefix = "foi/intake"
    menu_label = gettext_lazy("登记申请")
    menu_name = "foi-intake"
    menu_icon = "plus"
    menu_item_class = HandlerMenuItem

    def get_urlpatterns(self) -> list[Any]:
        from gongkai.foi.workbench import views

        return [
            path("", forbidden_as_page(views.IntakeView.as_view()), name="add"),
            path(
                "<int:pk>/registered/", forbidden_as_page(views.RegisteredView.as_view()), name="registered"
            ),
        ]


class FoiRepeatedViewSet(ViewSet):
    name = "foi_repeated"
    url_prefix = "foi/repeated"
    menu_label = gettext_lazy("依申请转主动")
    menu_name = "foi-repeated"
    menu_icon = "resubmit"
    menu_item_class = CaseReaderMenuItem

    def get_urlpatterns(self) -> list[Any]:
        from gongkai.foi.workbench import conversion

        return [
            path("", forbidden_as_page(conversion.RepeatedView.as_view()), name="index"),
            path("<int:pk>/convert/", forbidden_as_page(conversion.ConvertView.as_view()), name="convert"),
        ]


class FoiLibraryViewSet(ViewSet):
    name = "foi_library"
    url_prefix = "foi/library"
    menu_label = gettext_lazy("典型案例库")
    menu_name = "foi-library"
    menu_icon = "folder-open-inverse"
    menu_item_class = CaseReaderMenuItem

    def get_urlpatterns(self) -> list[Any]:
        from gongkai.foi.workbench import conversion

        return [
            path("", forbidden_as_page(conversion.LibraryView.as_view()), name="index"),
            path("add/<int:pk>/", forbidden_as_page(conversion.LibraryAddView.as_view()), name="add"),
        ]


class FoiGroup(ViewSetGroup):
    """依申请公开 in the main menu, right after 主动公开's 政府信息 (200), 政府公报 (201) and 清理 (202)."""

    menu_label = gettext_lazy("依申请公开")
    menu_name = "foi"
    menu_icon = "mail"
    menu_order = 210
    items = (FoiCaseViewSet, FoiIntakeViewSet, FoiRepeatedViewSet, FoiLibraryViewSet)
