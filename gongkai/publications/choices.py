"""Code lists of proactive disclosure (statutory.md §1): statutory items, genres, subjects, attributes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# 条例第二十条: what administrative organs must disclose proactively, items (一)–(十五).
STATUTORY_ITEMS: dict[int, str] = {
    1: "行政法规、规章和规范性文件",
    2: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    3: "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    4: "国民经济和社会发展统计信息",
    5: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    6: "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    7: "财政预算、决算信息",
    8: "行政事业性收费项目及其依据、标准",
    9: "政府集中采购项目的目录、标准及实施情况",
    10: "重大建设项目的批准和实施情况",
    11: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    12: "突发公共事件的应急预案、预警信息及应对情况",
    13: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    14: "公务员招考的职位、名额、报考条件等事项以及录用结果",
    15: "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
}
CHINESE_NUMERALS = "一二三四五六七八九十"


def statutory_item_label(number: int) -> str:
    """ "（十一）扶贫、教育…" for item 11 of 条例第二十条."""
    numeral = CHINESE_NUMERALS[number - 1] if number <= 10 else "十" + CHINESE_NUMERALS[number - 11]
    return f"（{numeral}）{STATUTORY_ITEMS[number]}"


class Genre(models.TextChoices):
    """体裁: the 15 公文种类 of 《党政机关公文处理工作条例》第八条, and 其他 for items that are not 公文."""

    RESOLUTION = "决议", _("决议")
    DECISION = "决定", _("决定")
    ORDER = "命令（令）", _("命令（令）")
    COMMUNIQUE = "公报", _("公报")
    ANNOUNCEMENT = "公告", _("公告")
    NOTICE_PUBLIC = "通告", _("通告")
    OPINION = "意见", _("意见")
    NOTICE = "通知", _("通知")
    BULLETIN = "通报", _("通报")
    REPORT = "报告", _("报告")
    REQUEST = "请示", _("请示")
    REPLY = "批复", _("批复")
    MOTION = "议案", _("议案")
    LETTER = "函", _("函")
    MINUTES = "纪要", _("纪要")
    OTHER = "其他", _("其他")


class Disclosure(models.TextChoices):
    """公开属性, decided when the document is drafted (statutory.md §1)."""

    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class WithheldGround(models.TextChoices):
    """The legal ground a 不予公开 item must give (条例第十四、十五、十六条)."""

    STATE_SECRET = "state_secret", _("属于国家秘密（第十四条）")
    LAW_PROHIBITED = "law_prohibited", _("法律、行政法规禁止公开（第十四条）")
    SECURITY_STABILITY = (
        "security_stability",
        _("公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"),
    )
    THIRD_PARTY = "third_party", _("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）")
    INTERNAL_AFFAIRS = "internal_affairs", _("内部事务信息（第十六条第一款）")
    PROCESS_INFO = "process_info", _("过程性信息（第十六条第二款）")
    ENFORCEMENT_FILE = "enforcement_file", _("行政执法案卷信息（第十六条第二款）")


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("政府信息")
    INTERPRETATION = "interpretation", _("政策解读")
    NORMATIVE = "normative", _("行政规范性文件")


class Validity(models.TextChoices):
    """有效性 (statutory.md §1 and §9)."""

    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")
    AMENDED = "amended", _("已修订")


class DocumentStatus(models.TextChoices):
    """Where a document stands in the editorial workflow (issue 3 §2)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    APPROVED = "approved", _("审查通过")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    # Added for the scheduled-publishing job: a tick claims a due scheduled document by a conditional
    # UPDATE to this value inside the transaction that publishes it, so a second tick skips it.
    PUBLISHING = "publishing", _("发布中")


class InterpretationForm(models.TextChoices):
    """政策解读的形式 (statutory.md §2)."""

    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    AUDIO_VIDEO = "audio_video", _("音视频")
    QA = "qa", _("问答")
    EXPERT = "expert", _("专家解读")
    LEADER = "leader", _("领导解读")


# 主题分类 (statutory.md §1.1): gov.cn's two-level subject classification, top level → second level.
SUBJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "国务院组织机构",
        (
            "国务院",
            "国务院办公厅",
            "国务院组成部门",
            "国务院直属特设机构",
            "国务院直属机构",
            "国务院办事机构",
            "国务院直属事业单位",
            "国务院部委管理的国家局",
            "国务院议事协调机构",
            "其他",
        ),
    ),
    (
        "综合政务",
        (
            "政务公开",
            "政务督查",
            "应急管理",
            "电子政务",
            "文秘工作",
            "保密工作",
            "信访",
            "参事、文史",
            "其他",
        ),
    ),
    (
        "国民经济管理、国有资产监管",
        ("宏观经济", "经济体制改革", "统计", "物价", "国有资产监管", "重大建设项目", "其他"),
    ),
    (
        "财政、金融、审计",
        ("财政", "税务", "银行", "货币（含外汇）", "证券", "保险", "社会信用体系建设", "审计", "其他"),
    ),
    ("国土资源、能源", ("土地", "矿产", "水资源", "海洋", "煤炭", "石油与天然气", "电力", "其他")),
    ("农业、林业、水利", ("农业、畜牧业、渔业", "林业", "水利", "其他")),
    (
        "工业、交通",
        (
            "机械制造与重工业",
            "轻工纺织",
            "化工",
            "国防工业",
            "航天、航空",
            "信息产业（含电信）",
            "公路",
            "水运",
            "铁路",
            "民航",
            "邮政",
            "其他",
        ),
    ),
    ("商贸、海关、旅游", ("对外经贸合作", "国内贸易（含供销）", "海关", "检验、检疫", "旅游", "其他")),
    ("市场监管、安全生产监管", ("工商", "质量监督", "标准", "食品药品监管", "安全生产监管", "其他")),
    (
        "城乡建设、环境保护",
        (
            "城市规划",
            "城乡建设（含住房）",
            "环境监测、保护与治理",
            "节能与资源综合利用",
            "气象、水文、测绘、地震",
            "其他",
        ),
    ),
    ("科技、教育", ("科技", "教育", "知识产权", "其他")),
    ("文化、广电、新闻出版", ("文化", "文物", "新闻出版", "广播、电影、电视", "其他")),
    ("卫生、体育", ("卫生", "医药管理", "体育", "其他")),
    ("人口与计划生育、妇女儿童工作", ("人口与计划生育", "妇女儿童", "其他")),
    (
        "劳动、人事、监察",
        ("劳动就业", "社会保障", "人事工作", "军转安置", "监察", "纠正行业不正之风", "其他"),
    ),
    ("公安、安全、司法", ("公安", "国家安全", "司法", "其他")),
    ("民政、扶贫、救灾", ("减灾救灾", "优抚安置", "社会福利", "行政区划与地名", "社团管理", "扶贫", "其他")),
    ("民族、宗教", ("民族事务", "宗教事务")),
    ("对外事务", ("外交、外事", "国际条约、国际组织", "其他")),
    ("港澳台侨工作", ("港澳工作", "对台工作", "侨务工作")),
    ("国防", ("国防建设", "国防动员")),
    ("其他", ()),
)


# --- 行政规范性文件 and 政府公报 (statutory.md §9; issue 3 items 5 and 7) ---------------------------------


class NormativeLinkKind(models.TextChoices):
    """How a later 规范性文件 acts on an earlier one (statutory.md §9)."""

    AMEND = "amend", _("修订")
    REPEAL = "repeal", _("废止")


class CleanupResult(models.TextChoices):
    """The outcome of a 清理 for one 规范性文件 (statutory.md §9)."""

    KEEP = "keep", _("继续有效")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
    EXPIRE = "expire", _("宣布失效")


class PublicationStatus(models.TextChoices):
    """Draft or published, for a 清理 result list or a 公报 issue."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
