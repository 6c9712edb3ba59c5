"""Records of the reports app: the annual report of each organization and year, and the reminders sent
about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.reports.choices import ReportStatus


class AnnualReport(models.Model):
    """An organization's 政府信息公开工作年度报告 for one calendar year (条例第四十九条、第五十条).

    The organization drafts it from the platform's records (the tables are computed live while it is a
    draft), writes the texts of sections 一, 五 and 六 and enters the figures the platform does not hold
    (行政许可, 行政处罚, 行政强制 decisions and 行政事业性收费 of section 二). Its org_admin approves it,
    which freezes the figures (``figures_snapshot``), and it is published in the organization's
    政府信息公开年报 column, by 31 January for a department and 31 March for a government.
    """

    org = models.ForeignKey(
        "orgs.Organization", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    section1 = models.TextField(_("一、总体情况"), blank=True)
    section5 = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    section6 = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # Section 二 figures the platform does not hold: entered by staff, None while not entered.
    licensing = models.PositiveIntegerField(_("行政许可本年处理决定数量"), null=True, blank=True)
    penalty = models.PositiveIntegerField(_("行政处罚本年处理决定数量"), null=True, blank=True)
    enforcement = models.PositiveIntegerField(_("行政强制本年处理决定数量"), null=True, blank=True)
    fees_10k_yuan = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    # The figures as they were when the report was approved (AnnualFigures.to_contract), so that a
    # published report does not change when later data changes; empty while a draft.
    figures_snapshot = models.JSONField(_("审核时的数据"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_document = models.ForeignKey(
        "publications.Document",
        verbose_name=_("发布的政府信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "org__sort_order", "org__code"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reports_annual_unique_org_year")]

    def __str__(self) -> str:
        return _("%(org)s%(year)s年政府信息公开工作年度报告") % {"org": self.org.name, "year": self.year}


class AnnualReportReminder(models.Model):
    """A reminder sent to an organization's org_admins that its annual report is due in ``days_before``
    days (条例第四十九条); one row per organization, year and stage, so each is sent once."""

    org = models.ForeignKey("orgs.Organization", verbose_name=_("机构"), on_delete=models.CASCADE)
    year = models.PositiveIntegerField(_("报告年度"))
    days_before = models.PositiveIntegerField(_("提前天数"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度报告提醒")
        verbose_name_plural = _("年度报告提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "days_before"], name="reports_reminder_unique_stage"
            )
        ]

    def __str__(self) -> str:
        return _("%(org)s%(year)s年度报告到期前%(days)s天提醒") % {
            "org": self.org_id,
            "year": self.year,
            "days": self.days_before,
        }
