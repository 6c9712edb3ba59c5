"""A first draft of 一、总体情况 of the annual report (statutory.md §5), written from the records for staff
to edit: 主动公开 (documents published in the year, by kind), 依申请公开 (applications received, closed,
answered on time, with the results of section 三), 政府信息管理 (the 行政规范性文件 of section 二), and one
bracketed placeholder sentence each for 平台建设 and 监督保障, which the records cannot tell.

Plain text, one paragraph per aspect, paragraphs separated by a blank line. The numbers are those of
:func:`gongkai.reports.computation.annual_figures`, so the draft and the tables agree.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gongkai.foi.models import FoiCase
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentKind, DocumentStatus
from gongkai.publications.models import Document
from gongkai.reports.choices import OUTCOME_GROUPS
from gongkai.reports.computation import annual_figures
from gongkai.reports.figures import AnnualFigures

# 条例第五十条第四项: a people's government's report also covers 工作考核、社会评议和责任追究结果.
_GOVERNMENT_KINDS = frozenset({OrgKind.GOVERNMENT, OrgKind.DISTRICT, OrgKind.TOWNSHIP})
# "（一）予以公开" → "予以公开"; "（二）部分公开（区分处理的…）" → "部分公开".
_GROUP_NAME = re.compile(r"^（[一二三四五六七]）(?P<name>[^（]+)")


def draft_section1(*, org: Organization, year: int) -> str:
    """The draft text of 一、总体情况 of ``org``'s report for ``year``."""
    figures = annual_figures(org=org, year=year)
    paragraphs = [
        _proactive(org, year),
        _on_request(org, year, figures),
        _management(org, figures),
        _("（四）平台建设。【请填写：政府网站、政务新媒体、政府公报等政府信息公开平台的建设和管理情况。】"),
        _supervision(org),
    ]
    return "\n\n".join(paragraphs)


def _proactive(org: Organization, year: int) -> str:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    counts = Document.objects.filter(
        org=org, status=DocumentStatus.PUBLISHED, published_on__gte=start, published_on__lte=end
    ).aggregate(
        total=Count("pk"),
        documents=Count("pk", filter=Q(kind=DocumentKind.DOCUMENT)),
        interpretations=Count("pk", filter=Q(kind=DocumentKind.INTERPRETATION)),
        normative=Count("pk", filter=Q(kind=DocumentKind.NORMATIVE)),
    )
    return _(
        "（一）主动公开。%(year)s年，%(org)s主动公开政府信息%(total)s条，其中政府信息%(documents)s条、"
        "政策解读%(interpretations)s条、行政规范性文件%(normative)s件。"
    ) % {"year": year, "org": org.name, **counts}


def _on_request(org: Organization, year: int, figures: AnnualFigures) -> str:
    totals = {row: cells["total"] for row, cells in figures.section3.rows.items()}
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    timing = FoiCase.objects.filter(
        org=org, received_on__isnull=False, closed_on__gte=start, closed_on__lte=end
    ).aggregate(
        on_time=Count("pk", filter=Q(replied_late=False)),
        late=Count("pk", filter=Q(replied_late=True)),
    )
    text = _(
        "（二）依申请公开。%(year)s年，新收政府信息公开申请%(new)s件，上年结转%(carried_in)s件；"
        "办结%(handled)s件，其中按期答复%(on_time)s件、逾期答复%(late)s件；结转下年度继续办理%(carried_over)s件。"
    ) % {
        "year": year,
        "new": totals["new"],
        "carried_in": totals["carried_in"],
        "handled": totals["total_handled"],
        "carried_over": totals["carried_over"],
        **timing,
    }
    results = _results(figures)
    if results:
        text += _("办理结果中，%(results)s。") % {"results": "，".join(results)}
    appeals = figures.section4.groups
    reconsiderations = appeals["reconsideration"]["total"]
    lawsuits = appeals["litigation_direct"]["total"] + appeals["litigation_after_reconsideration"]["total"]
    text += _("因政府信息公开工作被申请行政复议%(reconsiderations)s件、被提起行政诉讼%(lawsuits)s件。") % {
        "reconsiderations": reconsiderations,
        "lawsuits": lawsuits,
    }
    return text


def _results(figures: AnnualFigures) -> list[str]:
    """ "予以公开12件", "不予公开3件" … for the groups of section 三 with any case."""
    rows = figures.section3.rows
    results = []
    for group in OUTCOME_GROUPS:
        count = sum(rows[str(code)]["total"] for code, _item in group.outcomes)
        match = _GROUP_NAME.match(group.label)
        if count and match:
            results.append(_("%(name)s%(count)s件") % {"name": match["name"], "count": count})
    return results


def _management(org: Organization, figures: AnnualFigures) -> str:
    s2 = figures.section2
    text = _("（三）政府信息管理。")
    # Only a people's government makes 规章 (see gongkai.reports.computation): a department's draft does
    # not say it made none.
    if org.kind == OrgKind.GOVERNMENT:
        text += _("本年制发规章%(issued)s件，废止%(repealed)s件，年末现行有效规章%(in_force)s件；") % vars(
            s2.rules
        )
    text += _(
        "本年制发行政规范性文件%(issued)s件，废止%(repealed)s件，年末现行有效行政规范性文件%(in_force)s件。"
        "【请补充：公开属性源头认定、保密审查、信息发布审核等管理情况。】"
    ) % vars(s2.normative_documents)
    return text


def _supervision(org: Organization) -> str:
    text = _("（五）监督保障。【请填写：政府信息公开工作的组织领导、制度建设、教育培训和监督检查情况。】")
    if org.kind in _GOVERNMENT_KINDS:
        text += _("【请填写：政府信息公开工作考核、社会评议和责任追究结果（条例第五十条第四项）。】")
    return text
