"""A region's worth of 依申请公开 cases for the benchmarks: cases, events, consultations and fee notices
written straight into the database.

The fixture is not what is measured, so it bypasses the services and loads rows with COPY on PostgreSQL
(batched INSERTs on SQLite). The histories are bench_foi_deadlines' seeded lawful ones (receipts in
2025–2026 over all six channels, corrections, consultations, fees, extensions, 第三十五条 dates, replies,
withdrawals), as they stand on ``AS_OF``; a correction or fee period that ran out unanswered by then
gets its lapse event, as ``tick`` would have recorded it. Each history is stored as the services store
it (event ``data`` in the API's shape, one FoiConsultation per consultation and its id in the events, one
FoiFeeNotice per fee notice with its payment or lapse), and the case's stored dates are computed once
through gongkai.foi.engine_bridge, so that every row is what the engine says its events give.

The cases are spread over the demo region's organizations (more for city departments and districts than
for townships), numbered in each organization's yearly series (``CaseSerial`` moved past them), with
applicants of every kind: people with valid 居民身份证 numbers, companies with valid 统一社会信用代码,
phones, addresses; a handler for most received cases (one 经办人 is added to each organization that has
none). The query code of every fixture case is ``FIXTURE_QUERY_CODE``; its hash marks the fixture's rows.

The first case written is a long one: 20 events (correction, seven consultations, fee, extension), open
on ``AS_OF``, in 市发展改革委 — the benchmark's case page. Idempotent: nothing is written when enough
fixture cases exist.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bench.bench_foi_deadlines import TODAY, _calendar, build_cases
from bench.catalogue_fixture import TOPICS, _copy
from gongkai.core.workdays import WorkdayCalendar, add_workdays
from gongkai.foi import engine_bridge, fees
from gongkai.foi.choices import (
    ApplicantKind,
    CaseStatus,
    Channel,
    ConsultationAnswer,
    ConsultationParty,
    Delivery,
    FeeMethod,
    IdType,
    InformationForm,
)
from gongkai.foi.deadlines import (
    CaseEvent,
    ClockKind,
    ClockState,
    ClockStatus,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    Deadlines,
    Extension,
    FeeLapsed,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
)
from gongkai.foi.identity import id_check_char
from gongkai.foi.models import CaseSerial, FoiCase, FoiConsultation, FoiEvent, FoiFeeNotice
from gongkai.orgs.choices import OrgKind, Role
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Membership, Organization

AS_OF = TODAY  # the day the stored dates are computed for (bench_foi_deadlines' "today")
FIXTURE_QUERY_CODE = "BENCHFOI"
_HASH_SALT = "gkfoibench2026"  # a fixed salt: every fixture case carries the same hash, which marks them
LONG_CASE_INFO = "示例市重大建设项目批准和实施领域政府信息（基准测试长案件）"
SEED = 20261202
BATCH = 5_000

ORG_WEIGHTS: dict[str, int] = {
    OrgKind.GOVERNMENT: 2,
    OrgKind.DEPARTMENT: 3,
    OrgKind.DISTRICT: 3,
    OrgKind.TOWNSHIP: 1,
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红梅兰玉珍文斌海燕雪琳晨浩宇鹏飞欣怡子涵"
COMPANY_WORDS = (
    "建设工程",
    "房地产开发",
    "环保科技",
    "物流",
    "商贸",
    "建筑劳务",
    "餐饮管理",
    "农业发展",
    "信息技术",
)
BRANDS = ("恒达", "新城", "明远", "华盛", "金泰", "绿源")
COMPANY_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
ORG_NAMES = {
    ApplicantKind.RESEARCH: ("示例大学公共管理学院", "示例市社会科学院", "示例市城市规划设计研究院"),
    ApplicantKind.NONPROFIT: ("示例市环保志愿者协会", "示例市消费者权益保护协会", "示例市慈善总会"),
    ApplicantKind.LEGAL_SERVICE: ("示例市正义律师事务所", "示例市明德律师事务所", "示例市法律援助中心"),
    ApplicantKind.OTHER_ORG: ("示例市东城区和平街道某某社区居民委员会", "某某小区业主委员会"),
}
STREETS = ("建设路", "人民大道", "解放路", "和平路", "青山路", "滨河路", "工业园区", "府前街", "文化路")
REQUEST_PATTERNS = (
    ("{year}年{topic}相关文件", "申请公开贵机关{year}年关于{topic}的文件及其附件。"),
    ("{place}征收补偿方案", "申请公开{place}房屋征收补偿方案、征收决定及补偿标准。"),
    ("{place}建设项目批准文件", "申请公开{place}建设项目的立项批复、用地批准文件和规划许可证。"),
    ("{topic}专项资金使用情况", "申请公开{year}年{topic}专项资金的分配、拨付和使用情况。"),
    ("行政处罚决定书", "申请公开贵机关对{company}作出的行政处罚决定书。"),
    ("{topic}检查结果", "申请公开{year}年{topic}专项检查的结果及整改情况。"),
)
PLACES = ("东城区和平街道", "西城区青山镇", "城北片区", "火车站周边地块", "老城区改造项目", "滨河新区")
REPLY_REASONS = ("需要会商有关部门", "申请内容较多，需要检索整理", "涉及第三方，需征求意见")
ADDRESSEES = (
    "示例市自然资源和规划局",
    "示例市财政局",
    "示例市某某建设工程有限公司",
    "示例市某某物业服务有限公司",
)


def fixture_hash() -> str:
    return make_password(FIXTURE_QUERY_CODE, salt=_HASH_SALT)


def fixture_cases() -> Any:
    """The fixture's cases (the demo's own cases have other query codes)."""
    return FoiCase.objects.filter(query_code_hash=fixture_hash())


# --- Histories ----------------------------------------------------------------------------------------


def long_history(cal: WorkdayCalendar) -> list[CaseEvent]:
    """20 lawful events, still open on AS_OF: a correction, five consultations answered, a fee notice
    paid, an extension, a sixth consultation answered and a seventh still out."""

    def add(day: datetime.date, n: int) -> datetime.date:
        return add_workdays(day, n, cal).date

    received = AS_OF - datetime.timedelta(days=110)
    events: list[CaseEvent] = [
        Submitted(on=received - datetime.timedelta(days=2), channel=Channel.ONLINE),
        ReceiptConfirmed(on=received),
    ]
    asked = add(received, 3)
    start = add(asked, 4)
    events += [CorrectionRequested(on=asked), CorrectionReceived(on=start)]
    day = start
    key = 0
    for _round in range(5):
        key += 1
        sent = add(day, 2)
        party = ConsultationParty.AGENCY if key % 2 else ConsultationParty.THIRD_PARTY
        day = add(sent, 5)
        events += [
            ConsultationStarted(on=sent, party=party, consultation=key),
            ConsultationEnded(on=day, consultation=key),
        ]
    noticed = add(day, 1)
    day = add(noticed, 3)
    events += [FeeNotice(on=noticed, method=FeeMethod.PER_PAGE), FeePaid(on=day)]
    day = add(day, 2)
    events.append(Extension(on=day, workdays=15))
    key += 1
    sent = add(day, 2)
    day = add(sent, 6)
    events += [
        ConsultationStarted(on=sent, party=ConsultationParty.THIRD_PARTY, consultation=key),
        ConsultationEnded(on=day, consultation=key),
    ]
    key += 1
    events.append(ConsultationStarted(on=add(day, 1), party=ConsultationParty.AGENCY, consultation=key))
    assert len(events) == 20 and events[-1].on <= AS_OF, events[-1].on
    return events


def _expired_lapse(result: Deadlines) -> CaseEvent | None:
    """The lapse tick would record on AS_OF (gongkai.foi.services.tick._record_lapse), if any: tick sees
    open cases only."""
    if result.clock == ClockState.CLOSED:
        return None
    for kind, event_class in (
        (ClockKind.CORRECTION_PERIOD, CorrectionLapsed),
        (ClockKind.FEE_PAYMENT, FeeLapsed),
    ):
        for clock in result.clocks_of(kind):
            if clock.status == ClockStatus.EXPIRED and clock.lapses_on <= AS_OF:
                return event_class(on=clock.lapses_on)
    return None


# --- Rows ---------------------------------------------------------------------------------------------


@dataclass
class OrgInfo:
    org: Organization
    handlers: list[int]
    serials: dict[int, int] = field(default_factory=dict)


@dataclass
class Rows:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    consultations: list[tuple[Any, ...]] = field(default_factory=list)
    fees: list[tuple[Any, ...]] = field(default_factory=list)


CASE_COLUMNS = [f.column for f in FoiCase._meta.concrete_fields]
CASE_ATTNAMES = [f.attname for f in FoiCase._meta.concrete_fields]
EVENT_COLUMNS = ["case_id", "sequence", "type", "on", "data", "actor_id", "recorded_at"]
CONSULTATION_COLUMNS = [
    "id",
    "case_id",
    "party",
    "addressee",
    "started_on",
    "ended_on",
    "answer",
    "answer_summary",
]
FEE_COLUMNS = [
    "case_id",
    "method",
    "count_in_month",
    "pages",
    "amount",
    "notice_on",
    "paid_on",
    "amount_paid",
    "lapsed_on",
]


class Generator:
    """Turns engine histories into the rows the services would have written."""

    def __init__(
        self, *, seed: int, first_case_id: int, first_consultation_id: int, orgs: list[OrgInfo]
    ) -> None:
        self.rng = random.Random(seed)
        self.next_case_id = first_case_id
        self.next_consultation_id = first_consultation_id
        self.orgs = orgs
        self.weights = [ORG_WEIGHTS.get(info.org.kind, 1) for info in orgs]
        self.query_code_hash = fixture_hash()
        self.states: dict[str, int] = {}
        self.lapses = 0

    # Applicants and requests.

    def _person_name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))

    def _id_number(self) -> str:
        rng = self.rng
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 55))
        first17 = f"99{rng.randint(1, 9):02d}{rng.randint(1, 20):02d}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        first17 = "6" + first17[1:]  # 地址码 of a province the validator accepts (1–8)
        return first17 + id_check_char(first17)

    def _phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.8:
            return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
        return f"0999-{rng.randint(20_000_000, 89_999_999)}"

    def _applicant(self) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(
            list(ApplicantKind),
            weights=[70, 12, 3, 3, 7, 5],  # person, company, research, nonprofit, legal, other
        )[0]
        address = f"示例市{rng.choice(STREETS)}{rng.randint(1, 300)}号"
        values: dict[str, Any] = {
            "applicant_kind": kind,
            "applicant_phone": self._phone(),
            "applicant_address": address if rng.random() < 0.7 else "",
            "applicant_postcode": f"9990{rng.randint(0, 99):02d}" if rng.random() < 0.5 else "",
            "applicant_id_type": "",
            "applicant_id_number": "",
            "applicant_work_unit": "",
            "applicant_credit_code": "",
            "applicant_legal_representative": "",
            "applicant_contact_name": "",
            "applicant_email": "",
        }
        if kind == ApplicantKind.PERSON:
            values["applicant_name"] = self._person_name()
            values["applicant_id_type"] = IdType.RESIDENT_ID
            values["applicant_id_number"] = self._id_number()
            if rng.random() < 0.3:
                values["applicant_work_unit"] = rng.choice(
                    ("示例市第一中学", "示例市人民医院", "某某科技有限公司")
                )
        else:
            if kind == ApplicantKind.COMPANY:
                name = f"示例市{rng.choice(BRANDS)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_FORMS)}"
            else:
                name = rng.choice(ORG_NAMES[kind])
            values["applicant_name"] = name
            body = f"MA{rng.randint(0, 999_999):06d}"
            values["applicant_credit_code"] = complete_credit_code("91999001", body)
            values["applicant_legal_representative"] = self._person_name()
            values["applicant_contact_name"] = self._person_name()
        if rng.random() < 0.4:
            values["applicant_email"] = f"applicant{rng.randint(1, 999_999)}@example.com"
        return values

    def _request(self, year: int) -> dict[str, Any]:
        rng = self.rng
        info, description = rng.choice(REQUEST_PATTERNS)
        words = {
            "year": rng.choice((year - 1, year, year)),
            "topic": rng.choice(TOPICS),
            "place": rng.choice(PLACES),
            "company": f"示例市{rng.choice(('恒达', '新城', '明远'))}{rng.choice(COMPANY_WORDS)}有限公司",
        }
        return {
            "info_name": info.format(**words) if rng.random() < 0.8 else "",
            "info_doc_number": f"示发改〔{words['year']}〕{rng.randint(1, 200)}号"
            if rng.random() < 0.1
            else "",
            "description": description.format(**words),
            "form": rng.choice(InformationForm.values) if rng.random() < 0.9 else "",
            "delivery": rng.choice(Delivery.values) if rng.random() < 0.9 else "",
        }

    # One case.

    def case(self, history: list[CaseEvent], info: OrgInfo | None = None, **overrides: Any) -> Rows:
        rng = self.rng
        info = info or rng.choices(self.orgs, weights=self.weights)[0]
        case_id = self.next_case_id
        self.next_case_id += 1
        submitted = history[0]
        assert isinstance(submitted, Submitted)
        year = submitted.on.year
        serial = info.serials.get(year, 0) + 1
        info.serials[year] = serial
        handler = rng.choice(info.handlers) if info.handlers and rng.random() < 0.85 else None
        staff_entered = submitted.channel != Channel.ONLINE
        recorded_at = timezone.make_aware(datetime.datetime.combine(submitted.on, datetime.time(9, 30)))
        rows = Rows()
        stored, result = self._events(case_id, history, handler, rows)
        case = FoiCase(
            id=case_id,
            org_id=info.org.pk,
            number=f"{info.org.code.upper()}-{year}-{serial:05d}",
            query_code_hash=self.query_code_hash,
            channel=submitted.channel.value,
            submitted_on=submitted.on,
            handler_id=handler if result.received_on else None,
            status=CaseStatus.PENDING_RECEIPT,
            created_at=recorded_at,
            updated_at=timezone.make_aware(datetime.datetime.combine(stored[-1].on, datetime.time(16, 0))),
            created_by_id=handler if staff_entered else None,
            **self._applicant(),
            **self._request(year),
        )
        for name, value in overrides.items():
            setattr(case, name, value)
        engine_bridge.apply_to_case(case, result)
        self.states[case.status] = self.states.get(case.status, 0) + 1
        rows.cases.append(tuple(getattr(case, name) for name in CASE_ATTNAMES))
        return rows

    def _events(
        self, case_id: int, history: list[CaseEvent], handler: int | None, rows: Rows
    ) -> tuple[list[FoiEvent], Deadlines]:
        """Stored events for the history (plus the lapse tick would have recorded), and the engine's
        result for them through engine_bridge, as the services compute it."""
        rng = self.rng
        consultations: dict[int, list[Any]] = {}  # engine key → consultation row (mutable)
        fee: list[Any] | None = None
        stored: list[FoiEvent] = []
        events = list(history)
        while True:
            for event in events[len(stored) :]:
                data: dict[str, Any] = {}
                if isinstance(event, Submitted):
                    data = {"channel": event.channel.value}
                elif isinstance(event, CorrectionRequested):
                    data = {
                        "period_workdays": event.period_workdays,
                        "items": "请明确所需信息的名称、文号或时间范围",
                    }
                elif isinstance(event, ConsultationStarted):
                    key = event.consultation or 0
                    row = [
                        self.next_consultation_id,
                        case_id,
                        event.party.value,
                        rng.choice(ADDRESSEES),
                        event.on,
                        None,
                        "",
                        "",
                    ]
                    self.next_consultation_id += 1
                    consultations[key] = row
                    data = {"party": event.party.value, "consultation": row[0], "addressee": row[3]}
                elif isinstance(event, ConsultationEnded):
                    row = consultations[event.consultation or 0]
                    answer = rng.choice(ConsultationAnswer.values)
                    row[5], row[6], row[7] = event.on, answer, "已书面答复。"
                    data = {"consultation": row[0], "answer": answer}
                elif isinstance(event, Extension):
                    data = {"workdays": event.workdays, "reason": rng.choice(REPLY_REASONS)}
                elif isinstance(event, FeeNotice):
                    data, fee = self._fee(case_id, event)
                elif isinstance(event, FeePaid) and fee is not None:
                    fee[6], fee[7] = event.on, fee[4]
                elif isinstance(event, FeeLapsed) and fee is not None:
                    fee[8] = event.on
                elif isinstance(event, Reply):
                    data = {"outcome": event.outcome.value}
                elif isinstance(event, CustomDue):
                    data = {"due_on": event.due_on.isoformat(), "reason": event.reason}
                # Lapses are recorded by tick, online applications by the public form: no actor.
                by_system = isinstance(event, CorrectionLapsed | FeeLapsed) or (
                    isinstance(event, Submitted) and event.channel == Channel.ONLINE
                )
                stored.append(
                    FoiEvent(
                        case_id=case_id,
                        sequence=len(stored),
                        type=event.type,
                        on=event.on,
                        data=data,
                        actor_id=None if by_system else handler,
                    )
                )
            result = engine_bridge.deadlines_of(stored, today=max(AS_OF, stored[-1].on))
            lapse = _expired_lapse(result)
            if lapse is None:
                break
            self.lapses += 1
            events.append(lapse)
        for done in stored:
            recorded = timezone.make_aware(
                datetime.datetime.combine(done.on, datetime.time(10, rng.randint(0, 59)))
            )
            text = json.dumps(done.data, ensure_ascii=False)
            rows.events.append((case_id, done.sequence, done.type, done.on, text, done.actor_id, recorded))
        rows.consultations += [tuple(row) for row in consultations.values()]
        if fee is not None:
            rows.fees.append(tuple(fee))
        return stored, result

    def _fee(self, case_id: int, event: FeeNotice) -> tuple[dict[str, Any], list[Any]]:
        rng = self.rng
        if event.method == FeeMethod.PER_PAGE:
            pages = rng.randint(101, 300)
            amount, count = fees.per_page_fee(pages), None
        else:
            pages, count = None, rng.randint(11, 40)
            amount = fees.per_item_fee(count)
        amount = Decimal(amount).quantize(Decimal("0.01"))
        data = {"method": event.method.value, "pages": pages, "count_in_month": count, "amount": str(amount)}
        return data, [case_id, event.method.value, count, pages, amount, event.on, None, None, None]


# --- Loading ------------------------------------------------------------------------------------------


def _bench_handlers() -> None:
    """One 经办人 for every active organization that has none (the demo has them only in two)."""
    from gongkai.accounts.services import user_ensure
    from gongkai.orgs.services import membership_grant

    with_handlers = set(Membership.objects.filter(role=Role.FOI_HANDLER).values_list("org_id", flat=True))
    for org in Organization.objects.filter(is_active=True).exclude(pk__in=with_handlers):
        user, _created = user_ensure(
            actor=None,
            username=f"bench_foi_{org.code}",
            full_name=f"{org.short_name or org.name}经办人",
            password=None,
            check_password=False,
        )
        membership_grant(actor=None, user=user, org=org, role=Role.FOI_HANDLER)


def _org_infos() -> list[OrgInfo]:
    handlers: dict[int, list[int]] = {}
    for org_id, user_id in Membership.objects.filter(role__in=[Role.FOI_HANDLER, Role.FOI_HEAD]).values_list(
        "org_id", "user_id"
    ):
        handlers.setdefault(org_id, []).append(user_id)
    infos = [
        OrgInfo(org=org, handlers=sorted(set(handlers.get(org.pk, []))))
        for org in Organization.objects.filter(is_active=True).order_by("pk")
    ]
    by_org = {info.org.pk: info for info in infos}
    for serial in CaseSerial.objects.filter(org_id__in=by_org):
        by_org[serial.org_id].serials[serial.year] = serial.last
    return infos


def _next_id(model: Any) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def foi_cases_ensure(*, cases: int, seed: int = SEED, log: Callable[[str], None] = print) -> int:
    """Make sure at least ``cases`` fixture cases exist; returns how many were added."""
    have = fixture_cases().count()
    if have >= cases:
        log(f"fixture: {have:,} 依申请公开 cases already loaded, nothing to do")
        return 0
    missing = cases - have
    _bench_handlers()
    orgs = _org_infos()
    cal = _calendar()
    histories = build_cases(missing - (0 if have else 1), cal, seed=seed + have)
    generator = Generator(
        seed=seed + have,
        first_case_id=_next_id(FoiCase),
        first_consultation_id=_next_id(FoiConsultation),
        orgs=orgs,
    )
    if not have:  # the long case first, in 市发展改革委, so that the smallest subset keeps it
        fgw = next(info for info in orgs if info.org.code == "fgw")
        histories.insert(0, long_history(cal))
        first_overrides: dict[str, Any] = {"info_name": LONG_CASE_INFO}
    with transaction.atomic():
        for start in range(0, missing, BATCH):
            rows = Rows()
            for index in range(start, min(start + BATCH, missing)):
                if index == 0 and not have:
                    one = generator.case(histories[0], fgw, **first_overrides)
                else:
                    one = generator.case(histories[index])
                rows.cases += one.cases
                rows.events += one.events
                rows.consultations += one.consultations
                rows.fees += one.fees
            _copy(FoiCase._meta.db_table, CASE_COLUMNS, iter(rows.cases))
            _copy(FoiConsultation._meta.db_table, CONSULTATION_COLUMNS, iter(rows.consultations))
            _copy(FoiFeeNotice._meta.db_table, FEE_COLUMNS, iter(rows.fees))
            _copy(
                FoiEvent._meta.db_table,
                [f'"{c}"' if c == "on" else c for c in EVENT_COLUMNS],
                iter(rows.events),
            )
            log(
                f"fixture: {start + len(rows.cases):,} of {missing:,} cases written "
                f"({len(rows.events):,} events)"
            )
        for info in orgs:
            for year, last in info.serials.items():
                CaseSerial.objects.update_or_create(org=info.org, year=year, defaults={"last": last})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (FoiCase, FoiConsultation):
                    table = model._meta.db_table
                    sequence = f"pg_get_serial_sequence('{table}', 'id')"
                    cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608
    states = ", ".join(f"{name} {n:,}" for name, n in sorted(generator.states.items(), key=lambda kv: -kv[1]))
    log(f"fixture: states {states}; {generator.lapses:,} lapses recorded as tick would")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for analysed in (FoiCase, FoiEvent, FoiConsultation, FoiFeeNotice):
                cursor.execute(f"VACUUM ANALYZE {analysed._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    return missing


def open_case_count() -> int:
    from gongkai.foi.choices import OPEN_STATUSES

    return FoiCase.objects.filter(status__in=OPEN_STATUSES).count()


def long_case() -> FoiCase:
    return fixture_cases().get(info_name=LONG_CASE_INFO)
