"""Organizations of the region and the roles people hold in them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.choices import OrgKind, Role
from gongkai.orgs.validators import validate_credit_code

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{1,39}$",
    _("机构代码只能由小写字母、数字、下划线和连字符组成，2至40位，且以字母或数字开头。"),
)


# What the 信息公开指南 says about the 政府信息公开工作机构 and how to reach it, in the order of 条例第十二条.
GUIDE_CONTACT_FIELDS = (
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "website",
)
# 条例第五十一条: where an applicant may seek a remedy; every reply letter of the organization names them.
REMEDY_FIELDS = ("reconsideration_body", "litigation_court")
GUIDE_FIELDS = (
    *GUIDE_CONTACT_FIELDS,
    "application_channels",
    "responsible_leader",
    "guide_notes",
    *REMEDY_FIELDS,
)


class Organization(models.Model):
    """A government, department, district/county government, township or other body of the region.

    It is the unit that discloses information, receives applications and reports every year; its fields
    are also what its 信息公开指南 must state (条例第十二条).
    """

    code = models.CharField(_("机构代码"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("机构名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("机构类型"), max_length=20, choices=OrgKind.choices, default=OrgKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，校验码按 GB 32100 和 GB 11714 检查。"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    # 信息公开指南 (条例第十二条): the 政府信息公开工作机构 and how to reach it.
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    office_address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_postcode = models.CharField(
        _("邮政编码"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("邮政编码应为6位数字。"))],
    )
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    office_fax = models.CharField(_("传真"), max_length=50, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    application_channels = models.TextField(
        _("申请渠道"),
        blank=True,
        help_text=_("本机关受理政府信息公开申请的渠道，每行一种（如：当面提交、邮寄、网上申请、传真）。"),
    )
    responsible_leader = models.CharField(_("分管负责人"), max_length=50, blank=True)
    guide_notes = models.TextField(_("指南补充说明"), blank=True)
    reconsideration_body = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_("答复告知书写明的行政复议机关（条例第五十一条）；留空时为上级人民政府。"),
    )
    litigation_court = models.CharField(
        _("行政诉讼法院"),
        max_length=100,
        blank=True,
        help_text=_(
            "答复告知书写明的受理行政诉讼的人民法院（条例第五十一条）；留空时写“有管辖权的人民法院”。"
        ),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("媒体库"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organization",
        help_text=_("本机构的图片和文件所在的 Wagtail 媒体库，随机构自动创建。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="orgs_unique_credit_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_list(self) -> list[str]:
        return [line.strip() for line in self.application_channels.splitlines() if line.strip()]

    def remedy_bodies(self) -> tuple[str, str]:
        """The reconsideration body and the court a reply letter names (条例第五十一条): as configured, else
        the nearest government above (《行政复议法》第二十四条: a department's 本级人民政府; a government's
        上一级人民政府) and the court with jurisdiction."""
        body = self.reconsideration_body
        if not body:
            node = self.parent
            while node is not None and node.kind != OrgKind.GOVERNMENT:
                node = node.parent
            body = node.name if node is not None else str(_("上一级人民政府"))
        return body, self.litigation_court or str(_("有管辖权的人民法院"))

    def ancestors(self) -> list[Organization]:
        chain: list[Organization] = []
        node = self.parent
        while node is not None and len(chain) < 16:  # a tree of a region is never deeper than this
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Membership(models.Model):
    """A role a person holds in an organization; the source of truth for every permission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    org = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("授予人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["org__sort_order", "org__code", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="orgs_unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"
