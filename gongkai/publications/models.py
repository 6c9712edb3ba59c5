"""The government information catalogue (主动公开): subjects, documents and their 索引号 serials."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    Task,
    WorkflowMixin,
)
from wagtail.search import index

from gongkai.publications.choices import (
    CleanupResult,
    Disclosure,
    DocumentKind,
    DocumentStatus,
    Genre,
    InterpretationForm,
    NormativeLinkKind,
    PublicationStatus,
    Validity,
    WithheldGround,
)
from gongkai.search.index import KEYWORDS_BOOST, SUMMARY_BOOST, TITLE_BOOST, ExactNumberField


class Subject(models.Model):
    """One entry of 主题分类, gov.cn's two-level subject classification (statutory.md §1.1).

    A code list loaded by a data migration from choices.SUBJECTS: top levels have codes "1"…"22", second
    levels "2.1", "2.2"…; a document is filed under a second level, or under a top level without children.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("分类代码"), max_length=10, unique=True)
    name = models.CharField(_("分类名称"), max_length=50)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="publications_unique_subject")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "综合政务/政务公开", or "其他" for a top level (the form the API and the catalogue use)."""
        return f"{self.parent.name}/{self.name}" if self.parent_id and self.parent else self.name


class Document(
    index.Indexed,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    """One item of government information in the organization's catalogue (政府信息, 条例第十九–二十六条).

    A 公文 or any other item (news, data, notices), a 政策解读 of one or more policy documents, or a
    行政规范性文件. ``status`` is the single source of truth of the editorial workflow (draft → submitted →
    approved → scheduled/published → withdrawn); the Wagtail mixins give revisions, locking and previews.
    Only the services in gongkai.publications.services change it.
    """

    # --- Issuer -----------------------------------------------------------------------------------------
    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="documents"
    )
    joint_issuers = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("联合发文机构"),
        blank=True,
        related_name="joint_documents",
        help_text=_("联合发文时的其他发文机构；发布机构为牵头机构。"),
    )

    # --- Catalogue metadata (statutory.md §1) -----------------------------------------------------------
    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(
        _("类别"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.DOCUMENT
    )
    genre = models.CharField(_("体裁"), max_length=10, choices=Genre.choices)
    subject = models.ForeignKey(
        Subject, verbose_name=_("主题分类"), on_delete=models.PROTECT, related_name="documents"
    )
    summary = models.TextField(_("内容概述"), blank=True)
    body = RichTextField(_("正文"), blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    keywords = models.JSONField(_("主题词"), default=list, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    formed_on = models.DateField(
        _("形成日期"),
        null=True,
        blank=True,
        help_text=_("信息形成或者变更之日，自此起算20个工作日的主动公开时限（条例第二十六条）。"),
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True, editable=False)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    registration_no = models.CharField(_("登记号"), max_length=60, blank=True)

    # --- 公开属性 and 第二十条 items ---------------------------------------------------------------------
    disclosure = models.CharField(
        _("公开属性"), max_length=12, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    withheld_ground = models.CharField(
        _("不予公开依据"), max_length=24, choices=WithheldGround.choices, blank=True
    )
    statutory_items = models.JSONField(
        _("法定主动公开内容"),
        default=list,
        blank=True,
        help_text=_("条例第二十条第（一）至（十五）项中的项号。"),
    )

    # --- Policy interpretation (statutory.md §2) --------------------------------------------------------
    interprets = models.ManyToManyField(
        "self",
        verbose_name=_("解读的政策文件"),
        symmetrical=False,
        blank=True,
        related_name="interpretations",
    )
    interpretation_form = models.CharField(
        _("解读形式"), max_length=12, choices=InterpretationForm.choices, blank=True
    )

    # --- Columns (栏目) it appears in (issue 3 item 1) ---------------------------------------------------
    columns = models.ManyToManyField(
        "portal.ColumnPage",
        verbose_name=_("所属栏目"),
        blank=True,
        related_name="documents",
        help_text=_("本信息在门户上出现的本机构栏目。"),
    )

    # --- Workflow ---------------------------------------------------------------------------------------
    status = models.CharField(
        _("状态"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, db_index=True
    )
    index_no = models.CharField(
        _("索引号"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("送审人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审查通过时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回原因"), blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="document")
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="document",
        for_concrete_model=False,
    )

    # Full-text search (gongkai.search): published documents only, kept in step by gongkai.search.registry
    # (registered in PublicationsConfig.ready), which also takes the upkeep over from modelsearch.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=TITLE_BOOST),
        ExactNumberField("doc_number"),
        ExactNumberField("index_no"),
        index.SearchField("registration_no"),  # 登记号 of a 规范性文件, e.g. FGW-2026-0001
        index.SearchField("keywords", boost=KEYWORDS_BOOST),
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("body"),  # RichTextField: indexed without its HTML
        index.RelatedFields("org", [index.SearchField("name")]),
        index.FilterField("org"),
        index.FilterField("kind"),
        index.FilterField("subject"),
        index.FilterField("genre"),
        index.FilterField("validity"),
        index.FilterField("disclosure"),
        index.FilterField("published_on"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_on", "-id"]
        indexes = [
            # The public catalogue: one organization's published items, newest first …
            models.Index(fields=["org", "status", "-published_on"], name="pub_doc_org_status_pub"),
            # … the whole region's, in the catalogue's full order: a page's ids come from this index alone,
            # however deep the page (bench/bench_catalogue.py), and filtered by 体裁 (主题分类 has its
            # foreign-key index).
            models.Index(fields=["status", "-published_on", "-id"], name="pub_doc_status_pub_id"),
            models.Index(fields=["genre", "status"], name="pub_doc_genre_status"),
            # The staff's lists (most recently changed first) and the catalogue's cache key (newest change).
            models.Index(fields=["updated_at"], name="pub_doc_updated"),
        ]
        constraints = [
            # 不予公开 must give its legal ground, and only 不予公开 has one (statutory.md §1).
            models.CheckConstraint(
                condition=(models.Q(disclosure=Disclosure.WITHHELD) & ~models.Q(withheld_ground=""))
                | (~models.Q(disclosure=Disclosure.WITHHELD) & models.Q(withheld_ground="")),
                name="publications_withheld_ground_iff_withheld",
            ),
            models.UniqueConstraint(
                fields=["registration_no"],
                condition=~models.Q(registration_no=""),
                name="publications_unique_registration_no",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_url(self) -> str:
        """The permanent public URL; it never changes once published (architecture "Public URLs")."""
        return f"/documents/{self.pk}/"

    def get_preview_template(self, request: Any, mode_name: str) -> str:
        return "publications/document_preview.html"

    @classmethod
    def get_indexed_objects(cls) -> models.QuerySet[Document]:
        """Only published documents are in the search index (a withdrawn one leaves it at once)."""
        return cls.objects.filter(status=DocumentStatus.PUBLISHED).select_related("org")


class DocumentAttachment(models.Model):
    """A file attached to a document (附件): the signed original, a table, an annex.

    The file itself is a Wagtail document in the organization's media collection, so the media
    permissions of the organization's staff apply to it; the public downloads it through
    /documents/<id>/attachments/<n>/ only while the document is published.
    """

    document = models.ForeignKey(
        Document, verbose_name=_("政府信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("附件名称"), max_length=200)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    file_type = models.CharField(_("文件类型"), max_length=10)
    file_size = models.PositiveBigIntegerField(_("文件大小（字节）"), default=0)
    download_count = models.PositiveIntegerField(_("下载次数"), default=0, editable=False)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["sort_order", "pk"]
        constraints = [
            # ``sort_order`` is the attachment's number in its public URL, so it is unique per document.
            models.UniqueConstraint(
                fields=["document", "sort_order"], name="publications_unique_attachment_no"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_url(self) -> str:
        return f"/documents/{self.document_id}/attachments/{self.sort_order}/"


class YearlySerial(models.Model):
    """The last serial an organization used in a year; taken with gongkai.publications.serials."""

    year = models.PositiveIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}: {self.last}"  # type: ignore[attr-defined]


class IndexSerial(YearlySerial):
    """The last 索引号 serial an organization used in a year of publication (statutory.md §1).

    Publishing locks this row (SELECT … FOR UPDATE) and increments it in the same transaction, so two
    documents of one organization never get the same serial, even when published at the same instant.
    """

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="index_serials"
    )

    class Meta:
        verbose_name = _("索引号流水号")
        verbose_name_plural = _("索引号流水号")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="publications_unique_index_serial")
        ]


# --- 行政规范性文件 (statutory.md §9) ------------------------------------------------------------------


class RegistrationSerial(YearlySerial):
    """The last 登记号 serial an organization gave its 规范性文件 in a year (统一登记、统一编号,
    国办发〔2018〕37号). Locked with SELECT … FOR UPDATE on publication, like IndexSerial."""

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="registration_serials",
    )

    class Meta:
        verbose_name = _("规范性文件登记流水号")
        verbose_name_plural = _("规范性文件登记流水号")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="publications_unique_registration_serial")
        ]


class NormativeLink(models.Model):
    """A later 规范性文件 (``source``) amends (修订) or repeals (废止) an earlier one (``target``).

    One row serves both sides: the source page says “修订了/废止了”, the target page “被修订/被废止”.
    """

    source = models.ForeignKey(
        Document, verbose_name=_("修订或废止文件"), on_delete=models.CASCADE, related_name="normative_acts"
    )
    target = models.ForeignKey(
        Document,
        verbose_name=_("被修订或废止的文件"),
        on_delete=models.CASCADE,
        related_name="normative_acted_on",
    )
    kind = models.CharField(_("关系"), max_length=10, choices=NormativeLinkKind.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规范性文件修订废止关系")
        verbose_name_plural = _("规范性文件修订废止关系")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="publications_unique_normative_link")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class CleanupCampaign(models.Model):
    """A 清理 of 规范性文件 (often every 2 years, statutory.md §9) by one organization or the whole region
    (``org`` empty); its published result list says which documents stay valid, are amended, repealed or
    declared invalid."""

    title = models.CharField(_("标题"), max_length=200)
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("清理机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cleanup_campaigns",
        help_text=_("留空表示全区域统一清理。"),
    )
    year = models.PositiveIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规范性文件清理")
        verbose_name_plural = _("规范性文件清理")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class CleanupItem(models.Model):
    """One 规范性文件 in a 清理 result list and what the 清理 decided for it."""

    campaign = models.ForeignKey(
        CleanupCampaign, verbose_name=_("清理"), on_delete=models.CASCADE, related_name="items"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("规范性文件"), on_delete=models.PROTECT, related_name="cleanup_items"
    )
    result = models.CharField(_("清理结果"), max_length=10, choices=CleanupResult.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("清理结果")
        verbose_name_plural = _("清理结果")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="publications_unique_cleanup_item")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.document_id}: {self.result}"


# --- 政府公报 (issue 3 item 7) ---------------------------------------------------------------------------


class GazetteIssue(index.Indexed, models.Model):
    """One issue of the 政府公报, e.g. “示例市人民政府公报 2026年第3期”: the government's official
    publication of its rules and 规范性文件 (统一公布, statutory.md §9), edited by ``org``'s staff."""

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("编辑机构"),
        on_delete=models.PROTECT,
        related_name="gazette_issues",
    )
    year = models.PositiveIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("期号"))
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_on = models.DateField(_("出版日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # Published issues are searchable (gongkai.search.registry, registered in PublicationsConfig.ready).
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=TITLE_BOOST),
        index.RelatedFields("org", [index.SearchField("name")]),
        # Found by what is printed in it: a citizen looking for a 规章 finds the issue that carries it.
        index.SearchField("contents_for_search"),
        index.FilterField("org"),
        index.FilterField("year"),
        index.FilterField("published_on"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("政府公报")
        verbose_name_plural = _("政府公报")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="publications_unique_gazette_issue")
        ]

    def __str__(self) -> str:
        return self.title

    def get_url(self) -> str:
        return f"/gazette/{self.year}/{self.number}/"

    def contents_for_search(self) -> str:
        """The titles and 文号 of the documents printed in this issue, in its order: the issue's text in
        the search index and its search snippet (an issue's contents are fixed once it is published)."""
        return "；".join(
            f"{item.document.title}（{item.document.doc_number}）"
            if item.document.doc_number
            else item.document.title
            for item in self.items.all()
        )

    @classmethod
    def get_indexed_objects(cls) -> models.QuerySet[GazetteIssue]:
        return (
            cls.objects.filter(status=PublicationStatus.PUBLISHED)
            .select_related("org")
            .prefetch_related("items__document")
        )


class GazetteItem(models.Model):
    """A document printed in a 公报 issue, in the issue's order; a document appears in at most one issue."""

    issue = models.ForeignKey(
        GazetteIssue, verbose_name=_("公报"), on_delete=models.CASCADE, related_name="items"
    )
    document = models.OneToOneField(
        Document, verbose_name=_("政府信息"), on_delete=models.PROTECT, related_name="gazette_item"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公报收录文件")
        verbose_name_plural = _("公报收录文件")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.issue_id}/{self.document_id}"


# --- 保密审查 as a Wagtail workflow task (issue 3 item 2) ---------------------------------------------------


class ConfidentialityReviewTask(Task):
    """保密审查 (条例第十七条): a step of a Wagtail workflow in which a reviewer of the document's own
    organization, never the person who submitted it (four-eyes, statutory.md §1), approves the document
    for publication or returns it to its editor.

    Wagtail runs the workflow (states, history, the “awaiting review” lists, the workflow reports); the
    decisions themselves go through gongkai.publications.services, so the role and four-eyes checks and
    the audit entries are the same in the workbench, in Wagtail's own workflow screens and in the API.
    """

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")

    @classmethod
    def get_description(cls) -> str:
        return str(_("由文件所属机构的审查员进行保密审查；送审人不能审查自己送审的文件（条例第十七条）。"))

    def start(self, workflow_state: Any, user: Any = None) -> Any:
        from gongkai.publications.workflows import share_submitted_document

        # Wagtail reads the document and its latest revision again here; the submitting service has both.
        share_submitted_document(workflow_state)
        return super().start(workflow_state, user=user)

    def _may_review(self, obj: Any, user: Any) -> bool:
        from gongkai.publications.workflows import user_may_review

        return user_may_review(user=user, document=obj)

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self._may_review(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        # No Wagtail lock on top: a document under review is already read-only for everyone
        # (document_update accepts drafts only), and the edit screen says why in Chinese.
        return False

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        if not self._may_review(obj, user):
            return []
        return [("reject", str(_("退回修改")), True), ("approve", str(_("审查通过")), False)]

    def get_form_for_action(self, action: str) -> Any:
        if action == "reject":
            from gongkai.publications.workflows import ReturnReasonForm

            return ReturnReasonForm
        return super().get_form_for_action(action)

    def on_action(self, task_state: Any, user: Any, action_name: str, **kwargs: Any) -> None:
        from gongkai.publications.workflows import review_action

        review_action(task_state=task_state, user=user, action_name=action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> Any:
        from gongkai.publications.workflows import task_states_to_review

        return task_states_to_review(task=self, user=user)
