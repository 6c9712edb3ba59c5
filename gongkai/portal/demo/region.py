"""The fictional demo region 示例市 and its staff (load_demo).

Every organization gets a valid 统一社会信用代码 built from a fictional division code (119901..), so the demo
never impersonates a real body. The corpus documents are real and stay attributed to their real issuers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.orgs.choices import OrgKind, Role

# Shown by `make run` (manage.py demo_accounts). Demo only: the README says to remove the demo region or
# change these passwords on any installation others can reach.
DEMO_PASSWORD = "gongkai-demo-2026"  # noqa: S105 - printed by make run on purpose

DIVISION_PREFIX = "11990100"  # 1 机关 · 1 机关类别 · 990100 fictional 示例市 division code

GUIDE_CHANNELS = "网上申请（本平台“依申请公开”栏目）\n当面提交\n邮寄（信封注明“政府信息公开申请”）\n传真"


@dataclass(frozen=True)
class DemoOrg:
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    serial: int
    office_name: str
    office_address: str
    office_phone: str
    guide: dict[str, str] = field(default_factory=dict)


def _dept(code: str, name: str, short: str, serial: int, office: str, address: str, phone: str) -> DemoOrg:
    return DemoOrg(code, name, short, OrgKind.DEPARTMENT, "city", serial, office, address, phone)


ORGS: tuple[DemoOrg, ...] = (
    DemoOrg(
        "city",
        "示例市人民政府",
        "市政府",
        OrgKind.GOVERNMENT,
        None,
        1,
        "示例市人民政府办公室（政务公开办）",
        "示例市人民大道1号市政府大楼3楼",
        "0999-12345000",
    ),
    _dept(
        "office",
        "示例市人民政府办公室",
        "市政府办",
        2,
        "政务公开科",
        "示例市人民大道1号市政府大楼3楼",
        "0999-12345001",
    ),
    _dept(
        "fgw",
        "示例市发展和改革委员会",
        "市发展改革委",
        3,
        "办公室",
        "示例市人民大道1号市政府大楼5楼",
        "0999-12345010",
    ),
    _dept("edu", "示例市教育局", "市教育局", 4, "办公室", "示例市文化路8号", "0999-12345020"),
    _dept("police", "示例市公安局", "市公安局", 5, "法制支队", "示例市平安大街100号", "0999-12345030"),
    _dept("civil", "示例市民政局", "市民政局", 6, "办公室", "示例市和谐路22号", "0999-12345040"),
    _dept(
        "finance", "示例市财政局", "市财政局", 7, "办公室", "示例市人民大道1号市政府大楼7楼", "0999-12345050"
    ),
    _dept("hrss", "示例市人力资源和社会保障局", "市人社局", 8, "办公室", "示例市建设路15号", "0999-12345060"),
    _dept(
        "nrp", "示例市自然资源和规划局", "市自然资源规划局", 9, "办公室", "示例市建设路30号", "0999-12345070"
    ),
    _dept("housing", "示例市住房和城乡建设局", "市住建局", 10, "办公室", "示例市建设路32号", "0999-12345080"),
    _dept("health", "示例市卫生健康委员会", "市卫生健康委", 11, "办公室", "示例市健康路6号", "0999-12345090"),
    _dept("samr", "示例市市场监督管理局", "市市场监管局", 12, "法规科", "示例市商贸街18号", "0999-12345100"),
    _dept("justice", "示例市司法局", "市司法局", 13, "办公室", "示例市法治路2号", "0999-12345110"),
    DemoOrg(
        "east",
        "示例市东城区人民政府",
        "东城区政府",
        OrgKind.DISTRICT,
        "city",
        21,
        "东城区人民政府办公室",
        "示例市东城区政府路1号",
        "0999-22345000",
    ),
    DemoOrg(
        "west",
        "示例市西城区人民政府",
        "西城区政府",
        OrgKind.DISTRICT,
        "city",
        22,
        "西城区人民政府办公室",
        "示例市西城区政府路9号",
        "0999-32345000",
    ),
    DemoOrg(
        "east-heping",
        "东城区和平街道办事处",
        "和平街道",
        OrgKind.TOWNSHIP,
        "east",
        31,
        "党政办公室",
        "示例市东城区和平路66号",
        "0999-22345100",
    ),
    DemoOrg(
        "west-qingshan",
        "西城区青山镇人民政府",
        "青山镇",
        OrgKind.TOWNSHIP,
        "west",
        32,
        "党政办公室",
        "示例市西城区青山镇府前街1号",
        "0999-32345100",
    ),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    grants: tuple[tuple[str, str], ...]
    note: str


USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "平台管理员", (("city", Role.PLATFORM_ADMIN),), "全区域平台管理员"),
    DemoUser(
        "gkb", "政务公开办", (("office", Role.ORG_ADMIN), ("city", Role.ORG_ADMIN)), "市政府办公室·机构管理员"
    ),
    DemoUser(
        "lisi", "李四", (("fgw", Role.FOI_HANDLER), ("fgw", Role.EDITOR)), "市发展改革委·经办人、信息编辑"
    ),
    DemoUser(
        "wangwu", "王五", (("fgw", Role.REVIEWER), ("fgw", Role.FOI_HEAD)), "市发展改革委·审查员、负责人"
    ),
    DemoUser("fgw_admin", "孙七", (("fgw", Role.ORG_ADMIN),), "市发展改革委·机构管理员"),
    DemoUser(
        "zhaoliu", "赵六", (("edu", Role.EDITOR), ("edu", Role.FOI_HANDLER)), "市教育局·信息编辑、经办人"
    ),
    DemoUser("viewer", "周八", (("fgw", Role.VIEWER),), "市发展改革委·只读人员"),
)


@dataclass(frozen=True)
class ReferenceDoc:
    file: str
    slug: str
    title: str
    issuer: str
    doc_number: str
    issued_on: str | None
    source_note: str
    # Lines of the original web page that are site furniture, not the document (menus, QR prompts).
    drop_lines: tuple[str, ...] = ()


REFERENCE_DOCS: tuple[ReferenceDoc, ...] = (
    ReferenceDoc(
        "000_76771b0d3e24e9c5.txt",
        "xining-2017-work-plan",
        "西宁市人民政府办公厅关于印发西宁市2017年政务公开工作实施方案的通知",
        "西宁市人民政府办公厅",
        "宁政办〔2017〕123号",
        "2017-06-05",
        "西宁市人民政府网站公开发布的文件原文。",
        drop_lines=("扫描二维码 关注我们",),
    ),
    ReferenceDoc(
        "002_cfb7d87530cf1a68.txt",
        "tianshui-2016-report",
        "天水市2016政务公开“成绩单”",
        "天水市人民政府",
        "",
        None,
        "天水市人民政府网站“要点落实”栏目公开发布的年度工作总结。",
        drop_lines=(
            "天水市人民政府",
            "天水市政府信息交互平台 天水政务服务网",
            "当前位置:网站首页 >>要点落实 >>内容",
            "天水市2016政务公开“成绩单”",
            "技术支持:安徽胜利科技发展有限公司",
        ),
    ),
    ReferenceDoc(
        "004_7d8c0b84fe9e6654.txt",
        "nanjing-2019-key-points",
        "南京市2019年政务公开工作要点",
        "南京市人民政府办公厅",
        "",
        "2019-06-21",
        "南京市人民政府网站公开发布的文件原文。",
    ),
)
