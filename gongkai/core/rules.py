"""Statutory numbers, each with the article it comes from (architecture rule 6, statutory.md).

Local rules (a province or a city) may tighten any of them: a setting ``GONGKAI_<NAME>`` overrides the
default here. Code reads them only through :func:`rule`, never as literals.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS: dict[str, int] = {
    # 条例第二十六条: proactive items are published within 20 working days of being formed or changed.
    "PROACTIVE_PUBLISH_WORKDAYS": 20,
    # 条例第三十条: a correction (补正) notice goes out within 7 working days of receipt.
    "FOI_CORRECTION_NOTICE_WORKDAYS": 7,
    # 条例第三十条 "合理的补正期限": the applicant's period to correct; the project's default
    # (statutory.md §3.2).
    "FOI_CORRECTION_PERIOD_WORKDAYS": 15,
    # 条例第三十三条第二款 (第一款 is the reply on the spot, 第三款 the consultation time that is not counted,
    # as statutory.md §3.2 cites it): reply within 20 working days of receipt.
    "FOI_REPLY_WORKDAYS": 20,
    # 条例第三十三条第二款: an extension of at most 20 working days, once.
    "FOI_MAX_EXTENSION_WORKDAYS": 20,
    # 条例第三十二条, 第三十四条: third parties and other agencies answer within 15 working days.
    "FOI_CONSULTATION_WORKDAYS": 15,
    # 国办函〔2020〕109号 第八条: the applicant pays a fee within 20 working days of receiving the notice.
    "FOI_FEE_PAYMENT_WORKDAYS": 20,
    # 《行政复议法》第二十条 (2023年修订): an application for administrative reconsideration within 60 days
    # of knowing of the act; every reply letter states it (条例第五十一条).
    "FOI_RECONSIDERATION_DAYS": 60,
    # 《行政诉讼法》第四十六条: a suit brought directly within 6 months of knowing of the act; every reply
    # letter states it (条例第五十一条).
    "FOI_LITIGATION_MONTHS": 6,
    # 国办发〔2016〕80号 with local grace periods (statutory.md §2): interpretation after its document.
    "INTERPRETATION_GRACE_WORKDAYS": 0,
    # 《重大行政决策程序暂行条例》第十五条: public comment period, calendar days, "一般不少于30日".
    "CONSULTATION_MIN_DAYS": 30,
    # 条例第十八条 (动态调整): withheld information is reviewed periodically; the law sets no interval, the
    # project's default is a yearly review.
    "WITHHELD_REVIEW_MONTHS": 12,
    # 国办发〔2018〕37号 and local rules (statutory.md §9): a 规范性文件 is valid for at most 5 years
    # by default.
    "NORMATIVE_VALID_YEARS": 5,
}


def rule(name: str) -> int:
    """The value of a statutory number, honouring a local ``GONGKAI_<NAME>`` override."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown statutory rule {name!r}")
    value: int = getattr(settings, f"GONGKAI_{name}", DEFAULTS[name])
    return value
