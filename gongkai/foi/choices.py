"""Code lists of disclosure on request (依申请公开, statutory.md §3): channels, applicant kinds, outcome
codes, consultation parties, fee methods and tariffs, applicant ID document types, with the articles
they come from; and the (not statutory) safeguards of the online application form.

The statutory numbers of the deadline engine (20, 7, 15 … working days) are not here: they are settings
read through :func:`gongkai.core.rules.rule` (architecture rule 6), collected for the engine by
:meth:`gongkai.foi.deadlines.DeadlineRules.from_settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How the application reached the agency; it decides the receipt date (条例第三十一条)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    POST_SIGNED = "post_signed", _("邮寄（需签收）")
    POST_ORDINARY = "post_ordinary", _("平常信函")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


class ApplicantKind(models.TextChoices):
    """申请人 kind, the columns of section 三 of the annual report (statutory.md §3.3)."""

    PERSON = "person", _("自然人")
    COMPANY = "company", _("商业企业")
    RESEARCH = "research", _("科研机构")
    NONPROFIT = "nonprofit", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class Outcome(models.TextChoices):
    """How a case was closed: one code per closed case, the rows of the annual report (statutory.md §3.3)."""

    DISCLOSED = "disclosed", _("予以公开")  # 第三十六条(一)(二)
    PARTIALLY_DISCLOSED = "partially_disclosed", _("部分公开")  # 第三十七条
    WITHHELD_STATE_SECRET = "withheld.state_secret", _("不予公开：属于国家秘密")  # 第十四条
    WITHHELD_LAW_PROHIBITED = "withheld.law_prohibited", _("不予公开：其他法律行政法规禁止公开")  # 第十四条
    WITHHELD_SECURITY_STABILITY = "withheld.security_stability", _("不予公开：危及“三安全一稳定”")  # 第十四条
    WITHHELD_THIRD_PARTY = "withheld.third_party", _("不予公开：保护第三方合法权益")  # 第十五条、第三十二条
    WITHHELD_INTERNAL_AFFAIRS = (
        "withheld.internal_affairs",
        _("不予公开：属于三类内部事务信息"),
    )  # 第十六条第一款
    WITHHELD_PROCESS_INFO = "withheld.process_info", _("不予公开：属于四类过程性信息")  # 第十六条第二款
    WITHHELD_ENFORCEMENT_FILE = "withheld.enforcement_file", _("不予公开：属于行政执法案卷")  # 第十六条第二款
    WITHHELD_QUERY_MATTER = "withheld.query_matter", _("不予公开：属于行政查询事项")  # 第三十六条(七)
    UNAVAILABLE_NOT_HELD = (
        "unavailable.not_held",
        _("无法提供：本机关不掌握相关政府信息"),
    )  # 第三十六条(四)(五)
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable.needs_creation",
        _("无法提供：没有现成信息需要另行制作"),
    )  # 第三十八条
    UNAVAILABLE_UNCLEAR_AFTER_CORRECTION = (
        "unavailable.unclear_after_correction",
        _("无法提供：补正后申请内容仍不明确"),
    )  # 第三十条
    NOT_PROCESSED_PETITION = "not_processed.petition", _("不予处理：信访举报投诉类申请")  # 第三十九条第一款
    NOT_PROCESSED_DUPLICATE = "not_processed.duplicate", _("不予处理：重复申请")  # 第三十六条(六)
    NOT_PROCESSED_PUBLICATION = (
        "not_processed.publication",
        _("不予处理：要求提供公开出版物"),
    )  # 第三十九条第二款
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive", _("不予处理：无正当理由大量反复申请")  # 第三十五条
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed.confirmation",
        _("不予处理：要求行政机关确认或重新出具已获取信息"),
    )  # 第三十八、三十九条
    OTHER_CORRECTION_LAPSED = "other.correction_lapsed", _("其他处理：申请人无正当理由逾期不补正")  # 第三十条
    OTHER_FEE_LAPSED = (
        "other.fee_lapsed",
        _("其他处理：申请人逾期未按收费通知要求缴纳费用"),
    )  # 国办函〔2020〕109号
    OTHER_OTHER = "other.other", _("其他处理：其他（含申请人撤回申请）")


# Outcomes that only their own event may give: a lapse is recorded as correction_lapsed or fee_lapsed,
# whose dates the engine checks against the period; a reply cannot claim them.
LAPSE_OUTCOMES = frozenset({Outcome.OTHER_CORRECTION_LAPSED, Outcome.OTHER_FEE_LAPSED})


class ConsultationParty(models.TextChoices):
    """Whom the agency consults; the time it takes is not counted (条例第三十三条第三款)."""

    THIRD_PARTY = "third_party", _("第三方")  # 第三十二条
    AGENCY = "agency", _("其他机关")  # 第三十四条


class FeeMethod(models.TextChoices):
    """信息处理费 method, one per application, never both (国办函〔2020〕109号第三条)."""

    PER_ITEM = "per_item", _("按件计收")  # 第四条
    PER_PAGE = "per_page", _("按量计收")  # 第五条


class CaseStatus(models.TextChoices):
    """Where a case stands; stored on the case for the queues, recomputed from its events by the engine.

    The first five follow the reply clock (gongkai.foi.deadlines.ClockState); 已归档 is the last of the five
    stages of 条例第四十五条 (登记、审核、办理、答复、归档).
    """

    PENDING_RECEIPT = "pending_receipt", _("待确认")  # 第三十一条: receipt not yet confirmed
    IN_PROGRESS = "in_progress", _("办理中")
    PAUSED = "paused", _("暂停计时")  # 第三十三条第三款 consultation, or an unpaid fee notice
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")  # 第三十条
    CLOSED = "closed", _("已办结")
    ARCHIVED = "archived", _("已归档")  # 第四十五条


OPEN_STATUSES = frozenset(
    {CaseStatus.PENDING_RECEIPT, CaseStatus.IN_PROGRESS, CaseStatus.PAUSED, CaseStatus.AWAITING_CORRECTION}
)


class EventType(models.TextChoices):
    """The events of a case's history: the ``type`` of contract.md's ``POST …/events`` (plus the
    application itself and the receipt confirmation), each the input of one engine event."""

    SUBMITTED = "submitted", _("提交申请")
    CONFIRM = "confirm", _("确认收到申请")  # 第三十一条
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")  # 第三十条
    CORRECTION_RECEIVED = "correction_received", _("收到补正")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正")
    CONSULTATION_STARTED = "consultation_started", _("征求意见")  # 第三十二条、第三十四条
    CONSULTATION_ENDED = "consultation_ended", _("收到意见")
    EXTENSION = "extension", _("延期答复")  # 第三十三条第二款
    FEE_NOTICE = "fee_notice", _("收费通知")  # 国办函〔2020〕109号
    FEE_PAID = "fee_paid", _("缴纳费用")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费")
    CUSTOM_DUE = "custom_due", _("确定合理答复期限")  # 第三十五条
    REPLY = "reply", _("答复")  # 第三十六条
    WITHDRAWN = "withdrawn", _("撤回申请")


class InformationForm(models.TextChoices):
    """The form the applicant asks for (条例第二十九条第二款第三项, 第四十条)."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    ANY = "any", _("均可")


class Delivery(models.TextChoices):
    """How the applicant wants to obtain the information (条例第二十九条第二款第三项)."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")
    FAX = "fax", _("传真")


class ConsultationAnswer(models.TextChoices):
    """What a consulted third party or agency answered (条例第三十二条, 第三十四条)."""

    AGREE = "agree", _("同意公开")
    OBJECT = "object", _("不同意公开")
    NO_ANSWER = "no_answer", _("逾期未答复")  # 第三十二条: the agency decides; 第三十四条: counts as consent
    OTHER = "other", _("其他意见")


class AppealKind(models.TextChoices):
    """Remedies of 条例第五十一条: the columns of section 四 of the annual report."""

    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("未经复议直接起诉")
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", _("复议后起诉")


class AppealResult(models.TextChoices):
    """The result of an appeal, as section 四 of the annual report counts it (统计: 维持, 纠正, 其他)."""

    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")


class LetterStatus(models.TextChoices):
    """A letter to the applicant or a consulted party: drafted by the handler, approved by the head of
    the disclosure office (foi_head), then sent and its delivery recorded."""

    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审批")
    SENT = "sent", _("已送达")
    # A draft or an approved letter that will not go out (wrong content, superseded): kept for the record,
    # never sent, never shown to the applicant.
    DISCARDED = "discarded", _("已作废")


class AttachmentKind(models.TextChoices):
    """Files kept with a case; none is ever public."""

    IDENTITY = "identity", _("身份证明")  # 条例第二十九条第二款第一项
    APPLICATION = "application", _("申请书扫描件")
    ENVELOPE = "envelope", _("信封或签收凭证")  # 第三十一条: evidence of the receipt date
    CORRECTION = "correction", _("补正材料")
    RELEASED = "released", _("答复提供的信息")
    OTHER = "other", _("其他")


class LetterKind(models.TextChoices):
    """The letters of a case (告知书, 通知书, 函), composed by :mod:`gongkai.foi.letters`."""

    CORRECTION = "correction", _("补正告知书")  # 第三十条
    EXTENSION = "extension", _("延期答复告知书")  # 第三十三条第二款
    CONSULTATION = "consultation", _("征求意见函")  # 第三十二条 (第三方), 第三十四条 (其他机关)
    FEE = "fee", _("收费通知书")  # 第四十二条, 国办函〔2020〕109号
    REPLY = "reply", _("政府信息公开申请答复告知书")  # 第三十六条 to 第三十九条
    CUSTOM_DUE = "custom_due", _("延迟答复告知书")  # 第三十五条
    TRANSFER = "transfer", _("转办告知书")  # 第三十六条(五), to the responsible agency


# Not statutory: how many working days before a deadline a case shows as 即将到期
# (GONGKAI_FOI_DUE_SOON_WORKDAYS), like GONGKAI_TIMELINESS_WARNING_WORKDAYS of the proactive reports.
DUE_SOON_WORKDAYS_DEFAULT = 5


class IdType(models.TextChoices):
    """身份证明 document type of an applicant who is a natural person (条例第二十九条第二款第一项: 申请人的
    姓名或者名称、身份证明、联系方式). Only the 居民身份证 number has a check character (GB 11643-1999)
    that can be verified; the other numbers are taken as typed."""

    RESIDENT_ID = "resident_id", _("居民身份证")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident", _("外国人永久居留身份证")
    OTHER = "other", _("其他")


# --- 信息处理费 (条例第四十二条, 国办函〔2020〕109号《政府信息公开信息处理费管理办法》, statutory.md §3.4)
# Statutory tariffs: gongkai.foi.fees computes with these tables and nothing else. Amounts are yuan per
# item or per page; ``last`` None is an open-ended band.


@dataclass(frozen=True, slots=True)
class FeeBand:
    """One band of a tariff: items or pages ``first`` to ``last`` (inclusive) cost ``unit_price`` each."""

    first: int
    last: int | None
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class PerItemTariff:
    """按件计收 (109号第四条): ``bands`` as written, then from ``escalation_from`` on, each further band of
    ``escalation_size`` items costs ``escalation_step`` yuan more per item than the one before."""

    bands: tuple[FeeBand, ...]
    escalation_from: int
    escalation_size: int
    escalation_step: Decimal


# 109号第四条: the same applicant's applications in one natural month: 1–10 free; "11—30件的部分：100元/件";
# "31件以上的部分：以10件为一档，每增加一档，收费标准提高100元/件" (31–40: 200, 41–50: 300, …).
PER_ITEM_TARIFF = PerItemTariff(
    bands=(FeeBand(1, 10, Decimal(0)), FeeBand(11, 30, Decimal(100))),
    escalation_from=31,
    escalation_size=10,
    escalation_step=Decimal(100),
)

# 109号第五条 (paper, e-mail or copies, one application): "30页以下（含30页）的，不收费；31—100页（含100页）的
# 部分：10元/页；101—200页（含200页）的部分：20元/页；200页以上的部分：40元/页" (progressive).
PER_PAGE_BANDS: tuple[FeeBand, ...] = (
    FeeBand(1, 30, Decimal(0)),
    FeeBand(31, 100, Decimal(10)),
    FeeBand(101, 200, Decimal(20)),
    FeeBand(201, None, Decimal(40)),
)


# --- Online application safeguards (not statutory) ---------------------------------------------------------
# Neither the 条例 nor 109号 limits how often one may apply online; these numbers only keep scripts from
# flooding the form. 条例第三十五条 (clearly excessive applications) is a decision staff take on a case, never
# this counter's. An applicant over a limit can still apply by letter or in person (条例第二十九条).
# Each default is overridden by the setting named beside it (a count, or a window in seconds).
APPLY_LIMIT_PER_IP_DEFAULT = 10  # online applications from one IP address … (GONGKAI_FOI_APPLY_LIMIT_PER_IP)
APPLY_LIMIT_PER_IP_WINDOW_DEFAULT = 60 * 60  # … per hour (GONGKAI_FOI_APPLY_LIMIT_PER_IP_WINDOW)
# Online applications of one applicant (ID number or credit code) per day
# (GONGKAI_FOI_APPLY_LIMIT_PER_APPLICANT, GONGKAI_FOI_APPLY_LIMIT_PER_APPLICANT_WINDOW).
APPLY_LIMIT_PER_APPLICANT_DEFAULT = 20
APPLY_LIMIT_PER_APPLICANT_WINDOW_DEFAULT = 24 * 60 * 60
# New CAPTCHA challenges one IP address may fetch through the "换一张" link (gongkai.foi.views_captcha).
CAPTCHA_REFRESH_LIMIT_PER_IP_DEFAULT = 60  # GONGKAI_FOI_CAPTCHA_REFRESH_LIMIT …
CAPTCHA_REFRESH_WINDOW_DEFAULT = 10 * 60  # … per 10 minutes (GONGKAI_FOI_CAPTCHA_REFRESH_WINDOW)
# How long a CAPTCHA challenge may be answered (GONGKAI_FOI_CAPTCHA_TTL_SECONDS).
CAPTCHA_TTL_SECONDS_DEFAULT = 10 * 60
# Tracking attempts (申请编号 + 查询码) from one IP address … (GONGKAI_FOI_TRACK_LIMIT_PER_IP): enough for a
# person who mistypes, too few to try codes (31^8 possible codes, and a wrong number answers alike).
TRACK_LIMIT_PER_IP_DEFAULT = 30
TRACK_LIMIT_PER_IP_WINDOW_DEFAULT = 10 * 60  # … per 10 minutes (GONGKAI_FOI_TRACK_LIMIT_PER_IP_WINDOW)
