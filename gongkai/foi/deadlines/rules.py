"""The numbers the deadline engine applies, each with its article (statutory.md §3.2, §3.4)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.foi.choices import DUE_SOON_WORKDAYS_DEFAULT


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """The numbers the engine applies; :meth:`from_settings` reads them with their local overrides
    (``GONGKAI_<NAME>``, gongkai.core.rules)."""

    reply_workdays: int  # 条例第三十三条第二款: 20
    correction_notice_workdays: int  # 条例第三十条: 7
    correction_period_workdays: int  # 条例第三十条 "合理的补正期限": default 15
    max_extension_workdays: int  # 条例第三十三条第二款: at most 20
    consultation_workdays: int  # 条例第三十二条, 第三十四条: 15
    fee_payment_workdays: int  # 国办函〔2020〕109号: 20
    due_soon_workdays: int  # not statutory: the 即将到期 window

    @classmethod
    def from_settings(cls) -> DeadlineRules:
        from django.conf import settings

        from gongkai.core.rules import rule

        return cls(
            reply_workdays=rule("FOI_REPLY_WORKDAYS"),
            correction_notice_workdays=rule("FOI_CORRECTION_NOTICE_WORKDAYS"),
            correction_period_workdays=rule("FOI_CORRECTION_PERIOD_WORKDAYS"),
            max_extension_workdays=rule("FOI_MAX_EXTENSION_WORKDAYS"),
            consultation_workdays=rule("FOI_CONSULTATION_WORKDAYS"),
            fee_payment_workdays=rule("FOI_FEE_PAYMENT_WORKDAYS"),
            due_soon_workdays=getattr(settings, "GONGKAI_FOI_DUE_SOON_WORKDAYS", DUE_SOON_WORKDAYS_DEFAULT),
        )
