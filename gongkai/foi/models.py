"""Disclosure on request (依申请公开): cases, their event history and what hangs off them.

A :class:`FoiCase` is one application. Its dates are never typed by hand: the services append a
:class:`FoiEvent` and recompute every date with the deadline engine (gongkai.foi.deadlines), storing the
results on the case (``due_on``, ``status`` …) so that queues can filter and sort on them. None of these
rows is ever public; the applicant sees their own case through the tracking page only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.foi.choices import (
    OPEN_STATUSES,
    AppealKind,
    AppealResult,
    ApplicantKind,
    AttachmentKind,
    CaseStatus,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    Delivery,
    EventType,
    FeeMethod,
    InformationForm,
    LetterKind,
    LetterStatus,
    Outcome,
)
from gongkai.foi.deadlines import DueStatus
from gongkai.publications.models import YearlySerial


def queue_rank() -> models.Case:
    """0 for an open case, 1 for a closed one: the workbench queue lists the open cases first.

    The statuses are sorted so that the SQL is the same in every process (a frozenset's order follows
    the string hash, which changes per process): PostgreSQL uses ``foi_case_queue_order`` only for an
    ORDER BY that repeats the index's expression exactly.
    """
    return models.Case(
        models.When(status__in=sorted(OPEN_STATUSES), then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )


def queue_order() -> tuple[models.OrderBy, ...]:
    """After the open-first rank: the soonest due first (cases without a due date after the dated
    ones), then the newest."""
    return (
        models.F("due_on").asc(nulls_last=True),
        models.F("submitted_on").desc(),
        models.F("id").desc(),
    )


def _private_storage() -> Any:
    """Applicants' files never sit under MEDIA_ROOT, which a web server may serve: they live in the
    ``foi_private`` storage and are read only through staff views that check the role and audit."""
    return storages["foi_private"]


class FoiCase(models.Model):
    """One application for government information (政府信息公开申请) and its handling by an organization.

    The applicant fields are what 条例第二十九条 requires; ``received_on`` is the receipt date of 第三十一条;
    the dates below it are the deadline engine's results, refreshed after every event and by ``tick``.
    """

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="foi_cases"
    )
    number = models.CharField(_("申请编号"), max_length=40, unique=True)
    query_code_hash = models.CharField(_("查询码（摘要）"), max_length=128, editable=False)

    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    submitted_on = models.DateField(_("提交日期"))
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)  # 第三十一条

    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    applicant_id_type = models.CharField(_("证件类型"), max_length=30, blank=True)
    applicant_id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    applicant_work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)  # a person's, optional
    applicant_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    applicant_legal_representative = models.CharField(_("法定代表人或负责人"), max_length=50, blank=True)
    applicant_contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    applicant_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("电子邮箱"), blank=True)
    applicant_address = models.CharField(_("通信地址"), max_length=200, blank=True)
    applicant_postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_applications",
    )

    # 条例第二十九条第二款第二项: 名称、文号或者便于行政机关查询的其他特征性描述.
    info_name = models.CharField(_("所需信息名称"), max_length=300, blank=True)
    info_doc_number = models.CharField(_("所需信息文号"), max_length=100, blank=True)
    description = models.TextField(_("所需信息的特征描述"))
    # 第二十九条第二款第三项: 形式要求，包括获取信息的方式、途径.
    form = models.CharField(
        _("信息的指定提供形式"), max_length=20, choices=InformationForm.choices, blank=True
    )
    delivery = models.CharField(_("获取信息的方式"), max_length=20, choices=Delivery.choices, blank=True)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_cases_handled",
    )

    # The deadline engine's results (gongkai.foi.services.case_refresh), stored for queues and reports.
    status = models.CharField(_("状态"), max_length=30, choices=CaseStatus.choices, db_index=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    statutory_due_on = models.DateField(_("法定答复期限"), null=True, blank=True)
    correction_due_on = models.DateField(_("补正告知期限"), null=True, blank=True)  # 第三十条: R + 7
    correction_period_ends_on = models.DateField(_("申请人补正期限"), null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField(_("延期工作日"), default=0)
    excluded_workdays = models.PositiveSmallIntegerField(_("不计算在内的工作日"), default=0)
    due_status = models.CharField(
        _("到期状态"), max_length=20, choices=[(s.value, s.label) for s in DueStatus], blank=True
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=60, choices=Outcome.choices, blank=True)
    replied_late = models.BooleanField(_("逾期答复"), null=True, blank=True)
    deadlines_as_of = models.DateField(_("期限计算日"), null=True, blank=True)
    reminded_status = models.CharField(_("已提醒的到期状态"), max_length=20, blank=True, editable=False)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    # 条例第四十四条 (依申请转主动): the proactive document made of the information this case released.
    converted_document = models.ForeignKey(
        "publications.Document",
        verbose_name=_("转为主动公开的政府信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_source_cases",
    )

    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("依申请公开案件")
        verbose_name_plural = _("依申请公开案件")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["org", "status", "due_on"], name="foi_case_queue"),
            models.Index(fields=["handler", "status", "due_on"], name="foi_case_handler_queue"),
            models.Index(fields=["org", "received_on"], name="foi_case_org_received"),
            # The queue's order (gongkai.foi.workbench.selectors.narrow_queue): read in index order, a
            # page of 50 needs no sort of every visible case.
            # PostgreSQL's ascending index keeps NULLs last, as the queue wants them; SQLite cannot state
            # NULLS LAST in an index (nor needs it: it sorts NULLs first and the queue asks otherwise).
            models.Index(
                queue_rank(),
                models.F("due_on").asc(),
                models.F("submitted_on").desc(),
                models.F("id").desc(),
                name="foi_case_queue_order",
            ),
            # The queue's year list: the first and the last submission of the visible cases, for some
            # organizations or for all of them.
            models.Index(fields=["org", "submitted_on"], name="foi_case_org_submitted"),
            models.Index(fields=["submitted_on"], name="foi_case_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.info_name or self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseSerial(YearlySerial):
    """The last case-number serial an organization used in a year (申请编号), taken with
    gongkai.publications.serials.serial_take_next under a row lock."""

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="foi_serials"
    )

    class Meta:
        verbose_name = _("申请编号流水号")
        verbose_name_plural = _("申请编号流水号")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="foi_unique_case_serial")]


class FoiEvent(models.Model):
    """One event of a case's history, the deadline engine's input (gongkai.foi.deadlines.events).

    Append-only: a wrong entry is never edited; the case is the sum of its events. ``data`` holds the
    event's parameters as the API takes them (period_workdays, party, consultation, workdays, method,
    amount, due_on, reason, outcome).
    """

    case = models.ForeignKey(FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField(_("顺序"))
    type = models.CharField(_("事件"), max_length=30, choices=EventType.choices)
    on = models.DateField(_("日期"))
    data = models.JSONField(_("参数"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案件事件")
        verbose_name_plural = _("案件事件")
        ordering = ["case", "sequence"]
        constraints = [models.UniqueConstraint(fields=["case", "sequence"], name="foi_unique_event_sequence")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_type_display()}"


class FoiConsultation(models.Model):
    """A consultation of a third party (第三十二条) or another agency (第三十四条): a sub-case with its own
    15-working-day clock; the time it takes is not counted in the reply clock (第三十三条第三款)."""

    case = models.ForeignKey(
        FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField(_("征求对象类型"), max_length=20, choices=ConsultationParty.choices)
    addressee = models.CharField(_("征求对象"), max_length=200, blank=True)
    started_on = models.DateField(_("发函日期"))
    ended_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    answer = models.CharField(_("意见"), max_length=20, choices=ConsultationAnswer.choices, blank=True)
    answer_summary = models.TextField(_("意见摘要"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["case", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} {self.addressee}"


class FoiFeeNotice(models.Model):
    """The 信息处理费 notice of a case (国办函〔2020〕109号): one per case, one method, never both
    (第三条)."""

    case = models.OneToOneField(FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(_("计收方式"), max_length=20, choices=FeeMethod.choices)
    count_in_month = models.PositiveIntegerField(_("当月申请件数"), null=True, blank=True)  # 第四条
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)  # 第五条
    amount = models.DecimalField(_("应缴金额（元）"), max_digits=10, decimal_places=2)
    notice_on = models.DateField(_("通知日期"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    amount_paid = models.DecimalField(
        _("实缴金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    lapsed_on = models.DateField(_("逾期日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息处理费")
        verbose_name_plural = _("信息处理费")

    def __str__(self) -> str:
        return f"{self.case.number} {self.amount}"


class FoiAppeal(models.Model):
    """A reconsideration or lawsuit against the handling of a case (条例第五十一条), with its result; the
    rows of section 四 of the annual report."""

    case = models.ForeignKey(
        FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="appeals"
    )
    kind = models.CharField(_("类型"), max_length=40, choices=AppealKind.choices)
    filed_on = models.DateField(_("申请或起诉日期"))
    result = models.CharField(_("结果"), max_length=20, choices=AppealResult.choices, blank=True)
    decided_on = models.DateField(_("决定或判决日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("复议诉讼")
        verbose_name_plural = _("复议诉讼")
        ordering = ["case", "filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"


class FoiNote(models.Model):
    """An internal note of the handling (办理意见, 内部会商): staff only, never in tracking or letters."""

    case = models.ForeignKey(FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理意见")
        verbose_name_plural = _("办理意见")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class FoiAttachment(models.Model):
    """A file kept with a case: the identity document, scans of a paper application, the envelope, the
    information released. Stored privately (``foi_private``); served only to the organization's staff."""

    case = models.ForeignKey(
        FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="foi/%Y/%m/", storage=_private_storage)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案件附件")
        verbose_name_plural = _("案件附件")
        ordering = ["case", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class FoiLetter(models.Model):
    """A letter of the case in 公文 layout: 补正告知书, 延期告知书, 征求意见函, 收费通知书, 答复告知书 …

    ``content`` keeps the composed letter (gongkai.foi.letters) as approved, so the DOCX can be rebuilt
    exactly; once sent, ``docx`` keeps the file that went out. Sent letters to the applicant are shown
    in tracking; drafts and letters to third parties never are.
    """

    case = models.ForeignKey(
        FoiCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("文书类型"), max_length=30, choices=LetterKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    to_applicant = models.BooleanField(_("致申请人"), default=True)
    addressee = models.CharField(_("主送"), max_length=200, blank=True)
    content = models.JSONField(_("内容"), default=dict)
    status = models.CharField(
        _("状态"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    sent_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery = models.CharField(_("送达方式"), max_length=20, choices=Delivery.choices, blank=True)
    tracking_number = models.CharField(_("邮件号码"), max_length=60, blank=True)
    delivery_note = models.CharField(_("送达说明"), max_length=200, blank=True)
    docx = models.FileField(
        _("已送达文书"), upload_to="foi/letters/%Y/", storage=_private_storage, blank=True
    )
    discarded_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    discard_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("拟稿时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class FoiLibraryEntry(models.Model):
    """An exemplary case for staff (案例库): what was asked, how it was handled and on what basis, with
    everything that identifies the applicant removed. Never public."""

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="foi_library"
    )
    source_case = models.ForeignKey(
        FoiCase,
        verbose_name=_("来源案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("案例名称"), max_length=200)
    request_summary = models.TextField(_("申请内容"))
    handling = models.TextField(_("办理过程与要点"))
    outcome = models.CharField(_("处理结果"), max_length=60, choices=Outcome.choices)
    basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    year = models.PositiveIntegerField(_("年度"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("编写时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.title
