"""Wagtail page types of the public portal, and the site-wide header/footer settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from gongkai.search.index import ExactNumberField


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """What the header and footer of a portal show: the region, its identifiers and its sponsor.

    政府网站 must show their 网站标识码, ICP 备案号 and 公安备案号, and carry the 党政机关网站 identification
    mark (政府网站发展指引, 国办发〔2017〕47号).
    """

    region_name = models.CharField(_("地区名称"), max_length=50, default="示例市")
    site_title = models.CharField(_("网站名称"), max_length=100, default="示例市人民政府信息公开")
    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True, default="示例市人民政府办公室")
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安备案号"), max_length=50, blank=True)
    show_party_gov_mark = models.BooleanField(_("显示党政机关网站标识"), default=True)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    footer_note = models.TextField(_("页脚说明"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("region_name"), FieldPanel("site_title"), FieldPanel("sponsor")], _("网站")
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_code"),
                FieldPanel("icp_number"),
                FieldPanel("police_number"),
                FieldPanel("show_party_gov_mark"),
            ],
            _("标识与备案"),
        ),
        MultiFieldPanel([FieldPanel("contact"), FieldPanel("footer_note")], _("页脚")),
    ]

    class Meta:
        verbose_name = _("门户设置")


class HomePage(Page):
    """The portal's home page: the region's front door to its government information."""

    intro = models.CharField(_("导语"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from gongkai.portal.selectors import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(home=self)
        return context


class OrgIndexPage(Page):
    """The public directory of the region's organizations (机构目录), shown as their tree."""

    intro = models.CharField(_("导语"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.OrganizationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("机构目录")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from gongkai.orgs.selectors import org_tree_public

        context = super().get_context(request, *args, **kwargs)
        context["tree"] = org_tree_public()
        return context


class OrganizationPage(Page):
    """An organization's page on the portal; its 信息公开指南 is rendered from the organization's fields.

    Later capabilities put the organization's columns (栏目) below it. Staff of the organization get
    page permissions on this subtree from their memberships.
    """

    org = models.OneToOneField(
        "orgs.Organization", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("机构简介"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("org", read_only=True), FieldPanel("intro")]
    parent_page_types = ["portal.OrgIndexPage"]
    subpage_types = ["portal.ColumnPage", "portal.ContentPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("机构页面")


class ContentPage(Page):
    """A simple page of text: 关于本站, 使用帮助, 隐私声明, a column's introduction and the like."""

    body = RichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    subpage_types = ["portal.ContentPage", "portal.ReferenceDocumentPage"]

    class Meta:
        verbose_name = _("内容页")


class ReferenceDocumentPage(Page):
    """A published document of another government kept for reference (上级/外地参考文件).

    Always attributed to its real issuer, never to an organization of this region.
    """

    issuer = models.CharField(_("发文机关"), max_length=100)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    source_note = models.CharField(_("来源说明"), max_length=200, blank=True)
    body = models.TextField(_("正文"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("issuer"),
        FieldPanel("doc_number"),
        FieldPanel("issued_on"),
        FieldPanel("source_note"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        ExactNumberField("doc_number"),
        index.SearchField("issuer"),
        index.SearchField("body"),
    ]
    parent_page_types = ["portal.ContentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("参考文件")

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


# --- Columns (栏目) -----------------------------------------------------------------------------------

GUIDE_COLUMN_KEY = "guide"
COLUMN_PAGE_SIZE = 20  # documents per page of a column's list


class ColumnPageForm(WagtailAdminPageForm):
    """The workbench form of a column: standard columns keep the key, item and URL the platform gave them."""

    # Public URLs of standard columns are permanent (architecture: "permanent URLs") and other parts of the
    # platform find a column by its key, so editors cannot change these on a standard column.
    PLATFORM_FIELDS = ("column_key", "statutory_item", "slug")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(self.instance, "is_standard", False):
            for name in self.PLATFORM_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = super().clean()
        key = cleaned_data.get("column_key")
        if key and self._key_taken(key):
            self.add_error(
                "column_key",
                forms.ValidationError(
                    _("栏目标识“%(key)s”已被本机构的另一个栏目使用：同一机构内栏目标识不能重复。"),
                    params={"key": key},
                ),
            )
        return cleaned_data

    def _key_taken(self, key: str) -> bool:
        """True if another column of the same organization's subtree already has ``key``."""
        anchor = self.parent_page if self.instance.pk is None else self.instance
        if anchor is None:
            return False
        org_page = OrganizationPage.objects.ancestor_of(anchor, inclusive=True).first()
        if org_page is None:
            return False
        return (
            ColumnPage.objects.descendant_of(org_page)
            .filter(column_key=key)
            .exclude(pk=self.instance.pk)
            .exists()
        )


class ColumnPage(Page):
    """A column (栏目, 组配分类) of an organization's catalogue on the portal.

    Every organization gets the standard columns (信息公开指南, 信息公开制度, 法定主动公开内容 with one
    sub-column per item of 条例第二十条, 年报, 政策文件, 政策解读, 重点领域, 回应关切) from the platform; its
    staff may add their own below the organization page. Documents name the columns they appear in.
    """

    column_key = models.SlugField(
        _("栏目标识"),
        max_length=50,
        help_text=_("英文小写字母、数字和连字符，在本机构内唯一，供系统识别栏目，例如 policies。"),
    )
    intro = RichTextField(_("栏目说明"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    statutory_item = models.PositiveSmallIntegerField(
        _("条例第二十条事项"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
        help_text=_("本栏目汇集的《政府信息公开条例》第二十条第几项的信息（1—15）。"),
    )
    expected_update_days = models.PositiveSmallIntegerField(
        _("应更新周期（天）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "本栏目至少每隔多少天应有新信息，供网站健康检查（国办秘函〔2019〕19号）；留空表示不定期更新。"
        ),
    )
    is_standard = models.BooleanField(_("标准栏目"), default=False, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("column_key"),
        FieldPanel("intro"),
        FieldPanel("statutory_item"),
        FieldPanel("expected_update_days"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["portal.OrganizationPage", "portal.ColumnPage"]
    subpage_types = ["portal.ColumnPage", "portal.ContentPage"]
    base_form_class = ColumnPageForm

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The 信息公开指南 is rendered by the organization page itself from the organization's fields
        # (条例第十二条), so its column sends readers there instead of keeping a second copy.
        if self.column_key == GUIDE_COLUMN_KEY:
            org_page = OrganizationPage.objects.ancestor_of(self).live().first()
            if org_page is not None and (url := org_page.get_url(request)):
                return redirect(url)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        children = list(self.get_children().live().public().specific().order_by("path"))
        context["sub_columns"] = [child for child in children if isinstance(child, ColumnPage)]
        context["child_pages"] = [child for child in children if not isinstance(child, ColumnPage)]
        # The column's published documents (issue 3 item 1). Imported here: publications depends on
        # portal, so portal must not import it at module level.
        from gongkai.publications.selectors import document_list_for_column

        paginator = Paginator(document_list_for_column(self), COLUMN_PAGE_SIZE)
        context["documents_page"] = paginator.get_page(request.GET.get("page"))
        return context
