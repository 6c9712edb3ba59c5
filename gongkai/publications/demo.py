"""Demo documents of the fictional region 示例市, loaded by ``load_demo`` through the real workflow.

Every document is drafted by an editor of its organization, submitted, approved by a different person
(four-eyes, 条例第十七条) and published through the services, so the catalogue, the timeliness report,
the workbench dashboards and the gazette all show realistic data. The texts are written for the demo and
are entirely fictional; no real document is attributed to the fictional region. Idempotent: a document
whose organization already has one with the same title is skipped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.services import membership_grant
from gongkai.publications.choices import Disclosure, DocumentKind, DocumentStatus, InterpretationForm
from gongkai.publications.gazette import (
    gazette_issue_add_document,
    gazette_issue_create,
    gazette_issue_publish,
)
from gongkai.publications.models import Document, GazetteIssue
from gongkai.publications.services import (
    document_approve,
    document_create,
    document_publish,
    document_submit,
)

# Who drafts and who reviews in each demo organization (different people: four-eyes).
AUTHORS = {
    "office": ("gkb", "admin"),
    "city": ("gkb", "admin"),
    "fgw": ("lisi", "wangwu"),
    "edu": ("zhaoliu", "admin"),
}
# gkb (政务公开办) is org_admin of the city and its office; the demo makes them the editor there too.
EXTRA_GRANTS = (("gkb", "office", Role.EDITOR), ("gkb", "city", Role.EDITOR))

PUBLISHED = DocumentStatus.PUBLISHED
SUBMITTED = DocumentStatus.SUBMITTED
DRAFT = DocumentStatus.DRAFT


@dataclass(frozen=True)
class DemoDocument:
    """One fictional document; ``formed_days_ago`` decides whether its publication (today) is on time."""

    org: str
    title: str
    genre: str
    subject: str
    summary: str
    paragraphs: tuple[str, ...]
    formed_days_ago: int
    doc_number: str = ""
    keywords: str = ""
    kind: str = DocumentKind.DOCUMENT
    statutory_items: tuple[int, ...] = ()
    disclosure: str = Disclosure.PROACTIVE
    withheld_ground: str = ""
    interpretation_form: str = ""
    interprets: tuple[str, ...] = ()  # titles of documents loaded before this one
    final: str = PUBLISHED


WORK_POINTS = "示例市人民政府办公室关于印发示例市2026年政务公开工作要点的通知"
FUND_RULES = "示例市住房公积金提取管理办法"
STATISTICS = "示例市2025年国民经济和社会发展统计公报"

DEMO_DOCUMENTS: tuple[DemoDocument, ...] = (
    DemoDocument(
        org="office",
        title=WORK_POINTS,
        genre="通知",
        subject="综合政务/政务公开",
        doc_number="示政办发〔2026〕12号",
        keywords="政务公开 工作要点",
        statutory_items=(1,),
        formed_days_ago=6,
        summary="部署示例市2026年政务公开重点任务，涵盖政策发布解读、基层政务公开标准化和平台建设。",
        paragraphs=(
            "各区人民政府，市政府各部门：",
            "《示例市2026年政务公开工作要点》已经市人民政府同意，现印发给你们，请结合实际认真贯彻落实。",
            "一、围绕稳预期强信心做好政策公开。各部门制发涉及群众切身利益的政策文件，应同步做好解读，"
            "解读材料与政策文件同步组织、同步审签、同步部署。",
            "二、深化基层政务公开标准化规范化。各区要对照本级公开事项标准目录，动态更新公开内容，"
            "2026年底前实现街道、乡镇政务公开专区全覆盖。",
            "三、加强政府信息公开平台建设。市级部门统一使用市政府信息公开平台发布政府信息，"
            "做到索引号、发布机构、成文日期等要素齐全规范。",
            "示例市人民政府办公室",
        ),
    ),
    DemoDocument(
        org="office",
        title=FUND_RULES,
        genre="通知",
        subject="城乡建设、环境保护/城乡建设（含住房）",
        doc_number="示政办规〔2026〕2号",
        keywords="住房公积金 提取 管理办法",
        kind=DocumentKind.NORMATIVE,
        statutory_items=(1,),
        formed_days_ago=45,
        summary="规范示例市住房公积金提取条件、所需材料和办理时限，推行线上办理。",
        paragraphs=(
            "第一条 为规范住房公积金提取管理，维护缴存职工合法权益，结合本市实际，制定本办法。",
            "第二条 缴存职工购买、建造、翻建、大修自住住房，或者支付自住住房租金的，可以申请提取本人"
            "住房公积金账户内的存储余额。",
            "第三条 申请提取的，应当提交本人身份证件和相关证明材料；能够通过部门间信息共享获取的材料，"
            "不再要求职工提供。",
            "第四条 住房公积金管理机构应当自受理申请之日起3个工作日内作出准予提取或者不准提取的决定，"
            "并通知申请人。",
            "第五条 本办法自印发之日起施行，有效期5年。",
        ),
    ),
    DemoDocument(
        org="office",
        title="图解：示例市2026年政务公开工作要点",
        genre="其他",
        subject="综合政务/政务公开",
        kind=DocumentKind.INTERPRETATION,
        interpretation_form=InterpretationForm.GRAPHIC,
        interprets=(WORK_POINTS,),
        formed_days_ago=5,
        summary="以图表形式解读2026年政务公开工作要点的三方面重点任务。",
        paragraphs=(
            "一张图看懂示例市2026年政务公开工作要点。",
            "重点任务一：政策公开与解读同步。涉及群众切身利益的政策文件，解读材料同步发布。",
            "重点任务二：基层政务公开标准化。年底前街道、乡镇政务公开专区全覆盖。",
            "重点任务三：平台集约化。市级部门统一在市政府信息公开平台发布政府信息。",
        ),
    ),
    DemoDocument(
        org="office",
        title="市政府办公室负责同志解读《示例市住房公积金提取管理办法》",
        genre="其他",
        subject="城乡建设、环境保护/城乡建设（含住房）",
        kind=DocumentKind.INTERPRETATION,
        interpretation_form=InterpretationForm.LEADER,
        interprets=(FUND_RULES,),
        formed_days_ago=40,
        summary="市政府办公室负责同志就办法的出台背景、主要内容和便民措施答记者问。",
        paragraphs=(
            "问：为什么要制定《示例市住房公积金提取管理办法》？",
            "答：近年来缴存职工对提取业务“少跑腿、快到账”的需求日益增加，原有规定中部分材料要求已不适应"
            "信息共享的新条件，需要统一规范。",
            "问：办法在便民方面有哪些新举措？",
            "答：一是能够通过部门间共享获取的材料不再要求职工提供；二是将办理时限压缩至3个工作日；"
            "三是全面推行线上办理。",
        ),
    ),
    DemoDocument(
        org="city",
        title=STATISTICS,
        genre="公报",
        subject="国民经济管理、国有资产监管/统计",
        keywords="统计公报 国民经济",
        statutory_items=(4,),
        formed_days_ago=70,
        summary="发布示例市2025年经济运行、居民收入、社会事业等主要统计数据。",
        paragraphs=(
            "2025年，全市上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。（本公报数据均为演示用虚构数据）",
            "一、综合。全年全市地区生产总值1234.5亿元，按不变价格计算，比上年增长5.2%。",
            "二、居民收入。全年全市居民人均可支配收入41230元，比上年增长5.6%。",
            "三、社会事业。年末全市共有普通中小学186所，医疗卫生机构1024个。",
        ),
    ),
    DemoDocument(
        org="city",
        title="示例市2026年市级一般公共预算和政府性基金预算公开",
        genre="其他",
        subject="财政、金融、审计/财政",
        keywords="预算公开 财政预算",
        statutory_items=(7,),
        formed_days_ago=8,
        summary="公开经市人民代表大会批准的2026年市级一般公共预算和政府性基金预算。",
        paragraphs=(
            "根据《中华人民共和国预算法》有关规定，现将经示例市人民代表大会批准的2026年市级预算予以公开。"
            "（本文数据均为演示用虚构数据）",
            "一、一般公共预算。2026年市级一般公共预算收入安排86.3亿元，支出安排112.7亿元。",
            "二、政府性基金预算。2026年市级政府性基金预算收入安排45.1亿元，支出安排44.8亿元。",
            "三、“三公”经费。2026年市级“三公”经费预算比上年下降3.0%。",
        ),
    ),
    DemoDocument(
        org="fgw",
        title="示例市发展和改革委员会关于下达2026年市级重大建设项目计划的通知",
        genre="通知",
        subject="国民经济管理、国有资产监管/重大建设项目",
        doc_number="示发改投资〔2026〕8号",
        keywords="重大建设项目 投资计划",
        statutory_items=(10,),
        formed_days_ago=7,
        summary="下达2026年市级重大建设项目计划，共安排项目32个，明确项目业主和推进要求。",
        paragraphs=(
            "各区发展改革局，市有关部门：",
            "经市人民政府同意，现将2026年市级重大建设项目计划下达给你们。计划共安排项目32个，"
            "年度计划投资156亿元。（本文数据均为演示用虚构数据）",
            "各项目业主单位要按照计划明确的时间节点加快推进，每月10日前报送项目进展情况。",
            "附件：示例市2026年市级重大建设项目计划表",
        ),
    ),
    DemoDocument(
        org="fgw",
        title="示例市发展和改革委员会关于印发示例市2026年社会信用体系建设工作要点的通知",
        genre="通知",
        subject="财政、金融、审计/社会信用体系建设",
        doc_number="示发改财金〔2026〕3号",
        keywords="社会信用体系",
        formed_days_ago=90,
        summary="明确2026年社会信用体系建设的重点任务和责任分工。",
        paragraphs=(
            "各有关单位：",
            "现将《示例市2026年社会信用体系建设工作要点》印发给你们，请认真抓好落实。",
            "一、完善信用信息归集共享，推进公共信用信息目录动态管理。",
            "二、健全信用修复机制，依法依规开展信用修复，保护经营主体合法权益。",
        ),
    ),
    DemoDocument(
        org="fgw",
        title="示例市发展和改革委员会关于开展2026年度重要民生商品价格监测工作的通知",
        genre="通知",
        subject="国民经济管理、国有资产监管/物价",
        doc_number="示发改价格〔2026〕15号",
        keywords="价格监测",
        formed_days_ago=4,
        final=SUBMITTED,
        summary="部署2026年度粮油、肉蛋、蔬菜等重要民生商品价格监测工作（待审查）。",
        paragraphs=(
            "各区发展改革局：",
            "为及时掌握重要民生商品价格变动情况，决定开展2026年度价格监测工作。",
            "各监测点要按周报送粮油、肉蛋、蔬菜等商品价格，遇价格异常波动时及时报告。",
        ),
    ),
    DemoDocument(
        org="fgw",
        title="关于示例市东部产业园区扩区方案的前期论证意见（讨论稿）",
        genre="意见",
        subject="国民经济管理、国有资产监管/宏观经济",
        disclosure=Disclosure.WITHHELD,
        withheld_ground="process_info",
        formed_days_ago=20,
        final=DRAFT,
        summary="产业园区扩区方案的内部讨论稿，属于过程性信息，不予公开。",
        paragraphs=(
            "本讨论稿汇总了有关部门对东部产业园区扩区方案的初步论证意见，尚未形成正式决定。",
            "各方意见仍在研究之中，最终方案以市人民政府批复为准。",
        ),
    ),
    DemoDocument(
        org="edu",
        title="示例市教育局2026年度公开遴选机关公务员公告",
        genre="公告",
        subject="劳动、人事、监察/人事工作",
        keywords="公务员 遴选 招考",
        statutory_items=(14,),
        formed_days_ago=3,
        summary="公布2026年度公开遴选机关公务员的职位、名额、报名条件和考试安排。",
        paragraphs=(
            "根据工作需要，经研究，示例市教育局面向全市公开遴选机关公务员5名。",
            "一、遴选职位和名额：基础教育科科员2名，职业教育科科员2名，办公室科员1名。",
            "二、报名条件：具有大学本科及以上学历，在公务员岗位工作满2年。",
            "三、报名方式：符合条件的人员登录示例市人事考试网报名，报名时间另行公告。",
        ),
    ),
    DemoDocument(
        org="edu",
        title="示例市教育局关于做好2026年义务教育学校招生入学工作的通知",
        genre="通知",
        subject="科技、教育/教育",
        doc_number="示教发〔2026〕6号",
        keywords="义务教育 招生入学",
        formed_days_ago=60,
        summary="明确2026年义务教育学校招生范围、时间安排和入学材料。",
        paragraphs=(
            "各区教育局，市直各学校：",
            "为做好2026年义务教育学校招生入学工作，现就有关事项通知如下。",
            "一、坚持免试就近入学，各区合理划定学校招生范围并向社会公布。",
            "二、全面推行网上报名，入学材料能够通过部门共享核验的，不再要求家长提供。",
        ),
    ),
)

GAZETTE_ORG = "city"
GAZETTE_DOCUMENTS = (WORK_POINTS, FUND_RULES, STATISTICS)


def _users() -> dict[str, User]:
    names = {name for pair in AUTHORS.values() for name in pair}
    return {user.username: user for user in User.objects.filter(username__in=names)}


def _body(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _load_one(
    spec: DemoDocument, *, org: Organization, users: dict[str, User], today: datetime.date
) -> Document:
    author, reviewer = (users[name] for name in AUTHORS[spec.org])
    formed_on = today - datetime.timedelta(days=spec.formed_days_ago)
    targets = Document.objects.filter(title__in=spec.interprets).values_list("pk", flat=True)
    document = document_create(
        actor=author,
        org=org,
        title=spec.title,
        genre=spec.genre,
        subject=spec.subject,
        summary=spec.summary,
        body=_body(spec.paragraphs),
        kind=spec.kind,
        doc_number=spec.doc_number,
        keywords=spec.keywords,
        written_on=formed_on,
        formed_on=formed_on,
        disclosure=spec.disclosure,
        withheld_ground=spec.withheld_ground,
        statutory_items=list(spec.statutory_items),
        interpretation_form=spec.interpretation_form,
        interprets=list(targets),
    )
    if spec.final == DRAFT:
        return document
    document = document_submit(actor=author, document=document)
    if spec.final == SUBMITTED:
        return document
    document = document_approve(actor=reviewer, document=document)
    return document_publish(actor=reviewer, document=document)


def _load_gazette(orgs: dict[str, Organization], admin: Any, year: int) -> int:
    """示例市人民政府公报 <year>年第1期 with three of the published documents (once)."""
    if GazetteIssue.objects.filter(year=year, number=1).exists():
        return 0
    issue = gazette_issue_create(actor=admin, org=orgs[GAZETTE_ORG], year=year, number=1)
    for title in GAZETTE_DOCUMENTS:
        document = Document.objects.filter(title=title, status=PUBLISHED).first()
        if document is not None:
            gazette_issue_add_document(actor=admin, issue=issue, document=document)
    gazette_issue_publish(actor=admin, issue=issue)
    return 1


@transaction.atomic
def load_demo_documents(orgs: dict[str, Organization]) -> dict[str, int]:
    """Load the demo documents and the gazette issue; returns how many were created this time."""
    users = _users()
    for username, org_code, role in EXTRA_GRANTS:
        membership_grant(actor=None, user=users[username], org=orgs[org_code], role=role)
    today = timezone.localdate()
    created = 0
    for spec in DEMO_DOCUMENTS:
        org = orgs[spec.org]
        if Document.objects.filter(org=org, title=spec.title).exists():
            continue
        _load_one(spec, org=org, users=users, today=today)
        created += 1
    issues = _load_gazette(orgs, users["admin"], today.year)
    return {"documents": created, "gazette_issues": issues}
