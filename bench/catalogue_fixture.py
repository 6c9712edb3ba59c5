"""A large, realistic catalogue for the benchmarks: published documents written straight into the database.

The fixture is not what is measured, so it bypasses the services and loads rows with COPY on PostgreSQL
(about a minute for 100,000 documents) and with batched INSERTs on SQLite (bench_search's embedded case).
The rows look like the ones the services write: 索引号 in the configured format with per-organization yearly
serials (and IndexSerial moved past them, so later publications continue the series), 发布日期 spread over the
years, 主题分类 from the code list, 体裁, 发文字号, validity, keywords, 第二十条 items, bodies of realistic
length built from the sentences of the demo corpus (real 政务公开 texts, with their real place names replaced
by the fictional region's), interpretation links, joint issuers, columns and attachments. Idempotent: nothing
is written when the catalogue already holds enough.
"""

from __future__ import annotations

import datetime
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentKind, DocumentStatus, Genre, InterpretationForm, Validity
from gongkai.publications.index_no import format_index_no
from gongkai.publications.models import (
    Document,
    DocumentAttachment,
    IndexSerial,
    RegistrationSerial,
    Subject,
)
from gongkai.publications.normative import registration_format, registration_prefix
from gongkai.publications.selectors import org_columns

CORPUS_DIR = Path(__file__).resolve().parent.parent / "gongkai" / "portal" / "demo" / "corpus"
FIRST_YEAR = 2008
# Real issuers and places of the corpus texts: replaced, so that no synthetic text speaks for a real body.
REAL_PLACES = re.compile(r"西宁市|西宁|天水市|天水|南京市|南京|青海省|青海|甘肃省|甘肃|江苏省|江苏")
TOPICS = (
    "政务公开",
    "政策解读",
    "政府信息依申请公开",
    "重大建设项目批准和实施",
    "公共资源配置",
    "社会公益事业建设",
    "财政预算决算公开",
    "安全生产",
    "食品药品监管",
    "环境保护",
    "义务教育招生入学",
    "城乡建设规划",
    "保障性住房",
    "就业创业",
    "精准扶贫",
    "减税降费",
    "营商环境",
    "政务服务",
    "“放管服”改革",
    "政府网站和政务新媒体",
    "突发事件信息发布",
    "人大代表建议和政协提案办理",
    "权力清单和责任清单",
    "双随机一公开监管",
    "重要民生商品价格监测",
    "行政执法公示",
    "政府公报",
    "养老服务",
    "医疗卫生",
    "国有企业信息公开",
)
TITLE_PATTERNS = (
    "做好{year}年{topic}工作",
    "印发{region}{year}年{topic}工作要点",
    "进一步加强{topic}工作",
    "开展{topic}专项检查",
    "印发{region}{topic}工作实施方案",
    "{topic}工作情况",
)
GENRE_WEIGHTS = {
    Genre.NOTICE: 40,
    Genre.OPINION: 8,
    Genre.ANNOUNCEMENT: 8,
    Genre.NOTICE_PUBLIC: 6,
    Genre.BULLETIN: 5,
    Genre.DECISION: 4,
    Genre.REPLY: 4,
    Genre.LETTER: 4,
    Genre.REPORT: 3,
    Genre.COMMUNIQUE: 2,
    Genre.MINUTES: 1,
    Genre.OTHER: 15,
}
KEYWORDS = (
    "政务公开",
    "营商环境",
    "安全生产",
    "教育",
    "医疗卫生",
    "社会保障",
    "就业",
    "财政预算",
    "政府采购",
    "行政许可",
    "行政处罚",
    "住房保障",
    "城乡建设",
    "生态环境",
    "食品安全",
    "乡村振兴",
    "养老服务",
    "规划",
    "统计",
    "应急管理",
)


@dataclass
class Vocabulary:
    """Sentences and topic phrases read from the corpus."""

    sentences: list[str]
    topics: list[str]

    @classmethod
    def load(cls) -> Vocabulary:
        text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS_DIR.glob("*.txt")))
        text = REAL_PLACES.sub("示例市", text)
        sentences: list[str] = []
        for line in text.splitlines():
            for sentence in re.findall(r"[^。！？]+[。！？]", line.strip()):
                if 12 <= len(sentence) <= 160:
                    sentences.append(sentence)
        # The subjects of the corpus's tasks, kept where the corpus uses them (a few appear in every text).
        topics = [t for t in TOPICS if t[:4] in text] or list(TOPICS)
        return cls(sentences=sentences, topics=topics)


@dataclass
class OrgInfo:
    org: Organization
    abbr: str
    policies_column: int | None
    interpretations_column: int | None
    serials: dict[int, int] = field(default_factory=dict)  # year → last 索引号 serial used
    registrations: dict[int, int] = field(default_factory=dict)  # year → last 登记号 serial used


def _abbr(org: Organization) -> str:
    short = (org.short_name or org.name).removeprefix("示例市").removeprefix("市")
    return "示" + short[:2].rstrip("局委府")


def _org_infos() -> list[OrgInfo]:
    infos = []
    for org in Organization.objects.filter(is_active=True).exclude(credit_code="").order_by("pk"):
        columns = {column.column_key: column.pk for column in org_columns(org=org)}
        infos.append(
            OrgInfo(
                org=org,
                abbr=_abbr(org),
                policies_column=columns.get("policies"),
                interpretations_column=columns.get("interpretations"),
            )
        )
    return infos


def _leaf_subjects() -> list[int]:
    subjects = list(Subject.objects.values_list("pk", "parent_id"))
    parents = {parent for _pk, parent in subjects if parent}
    return [pk for pk, parent in subjects if parent or pk not in parents]


def _body(rng: random.Random, vocabulary: Vocabulary) -> str:
    # 公文 bodies run from a few hundred to a few thousand characters: 4–14 paragraphs of 2–5 sentences.
    paragraphs = []
    for _ in range(rng.randint(4, 14)):
        paragraphs.append("".join(rng.choices(vocabulary.sentences, k=rng.randint(2, 5))))
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Row:
    values: dict[str, Any]
    interprets: int | None = None
    joint_issuer: int | None = None
    column: int | None = None
    attachments: int = 0


class Generator:
    """Builds the rows; ids are assigned here so that links can be written in the same load."""

    def __init__(self, *, seed: int, first_id: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = Vocabulary.load()
        self.orgs = _org_infos()
        self.subjects = _leaf_subjects()
        self.next_id = first_id
        self.today = timezone.localdate()
        editor = User.objects.filter(username="lisi").first()
        reviewer = User.objects.filter(username="wangwu").first()
        self.editor_id = editor.pk if editor else None
        self.reviewer_id = reviewer.pk if reviewer else None
        by_org = {info.org.pk: info for info in self.orgs}
        for serial in IndexSerial.objects.filter(org_id__in=by_org):
            by_org[serial.org_id].serials[serial.year] = serial.last
        for registration in RegistrationSerial.objects.filter(org_id__in=by_org):
            by_org[registration.org_id].registrations[registration.year] = registration.last
        self.policies_by_org: dict[int, list[int]] = {}

    def _published_on(self) -> datetime.date:
        first = datetime.date(FIRST_YEAR, 1, 2).toordinal()
        # Later years publish more (the platform grew), so the newest pages are the busiest ones.
        span = self.today.toordinal() - first
        return datetime.date.fromordinal(first + int(span * self.rng.random() ** 0.7))

    def row(self) -> Row:
        rng = self.rng
        info = rng.choice(self.orgs)
        org = info.org
        published_on = self._published_on()
        year = published_on.year
        serial = info.serials.get(year, 0) + 1
        info.serials[year] = serial
        kind = _weighted(
            rng, {DocumentKind.DOCUMENT: 85, DocumentKind.INTERPRETATION: 7, DocumentKind.NORMATIVE: 8}
        )
        policies = self.policies_by_org.setdefault(org.pk, [])
        if kind == DocumentKind.INTERPRETATION and not policies:
            kind = DocumentKind.DOCUMENT
        genre = Genre.OTHER if kind == DocumentKind.INTERPRETATION else _weighted(rng, GENRE_WEIGHTS)
        topic = rng.choice(TITLE_PATTERNS).format(
            year=year, region="示例市", topic=rng.choice(self.vocabulary.topics)
        )
        doc_number = ""
        registration_no = ""
        if kind == DocumentKind.INTERPRETATION:
            title = f"《{org.name}关于{topic}的通知》政策解读"
        elif genre == Genre.OTHER:
            title = f"{org.name}{year}年{rng.choice(self.vocabulary.topics)}工作情况"
        else:
            title = f"{org.name}关于{topic}的{genre}"
            doc_number = f"{info.abbr}{'规' if kind == DocumentKind.NORMATIVE else '发'}〔{year}〕{serial}号"
        if kind == DocumentKind.NORMATIVE:
            number = info.registrations.get(year, 0) + 1
            info.registrations[year] = number
            registration_no = registration_format().format(
                prefix=registration_prefix(org), year=year, serial=number
            )
        validity = _weighted(
            rng, {Validity.VALID: 85, Validity.EXPIRED: 8, Validity.REPEALED: 5, Validity.AMENDED: 2}
        )
        written_on = published_on - datetime.timedelta(days=rng.randint(1, 25))
        published_at = timezone.make_aware(
            datetime.datetime.combine(published_on, datetime.time(9 + rng.randint(0, 8), rng.randint(0, 59)))
        )
        doc_id = self.next_id
        self.next_id += 1
        values = {
            "id": doc_id,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": published_at,
            "last_published_at": published_at,
            "expired": False,
            "locked": False,
            "title": title[:300],
            "kind": kind,
            "genre": genre,
            "summary": rng.choice(self.vocabulary.sentences),
            "body": _body(rng, self.vocabulary),
            "doc_number": doc_number,
            "keywords": json.dumps(rng.sample(KEYWORDS, rng.randint(1, 4)), ensure_ascii=False),
            "written_on": written_on,
            "formed_on": written_on,
            "published_on": published_on,
            "effective_on": published_on if kind == DocumentKind.NORMATIVE else None,
            "repealed_on": published_on + datetime.timedelta(days=400)
            if validity == Validity.REPEALED
            else None,
            "validity": validity,
            "valid_until": published_on.replace(year=year + 5, day=min(published_on.day, 28))
            if kind == DocumentKind.NORMATIVE
            else None,
            "registration_no": registration_no,
            "disclosure": "proactive",
            "withheld_ground": "",
            "statutory_items": json.dumps(sorted(rng.sample(range(1, 16), rng.choice((0, 1, 1, 2))))),
            "interpretation_form": rng.choice(InterpretationForm.values)
            if kind == DocumentKind.INTERPRETATION
            else "",
            "status": DocumentStatus.PUBLISHED,
            "index_no": format_index_no(
                credit_code=org.credit_code, published_on=published_on, serial=serial
            ),
            "created_at": published_at,
            "updated_at": published_at,
            "submitted_at": published_at,
            "approved_at": published_at,
            "returned_reason": "",
            "withdrawn_reason": "",
            "org_id": org.pk,
            "subject_id": rng.choice(self.subjects),
            "created_by_id": self.editor_id,
            "submitted_by_id": self.editor_id,
            "approved_by_id": self.reviewer_id,
            "published_by_id": self.reviewer_id,
        }
        row = Row(values=values)
        if kind == DocumentKind.INTERPRETATION:
            row.interprets = rng.choice(policies[-200:])
            row.column = info.interpretations_column
        else:
            policies.append(doc_id)
            row.column = info.policies_column if rng.random() < 0.5 else None
        if rng.random() < 0.03:
            row.joint_issuer = rng.choice(self.orgs).org.pk
            if row.joint_issuer == org.pk:
                row.joint_issuer = None
        if rng.random() < 0.2:
            row.attachments = rng.randint(1, 3)
        return row


def _copy(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """Load rows into ``table``: COPY on PostgreSQL; on SQLite (bench_search's embedded case) plain
    INSERTs in one executemany, the values adapted as Django would store them."""
    if connection.vendor == "sqlite":
        return _insert_sqlite(table, columns, rows)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(  # type: ignore[attr-defined]
            f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _insert_sqlite(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    adapted = [tuple(_sqlite_value(value) for value in row) for row in rows]
    if adapted:
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608 - our names
                adapted,
            )
    return len(adapted)


def _attachment_files(count: int) -> list[int]:
    """A few shared stored files (Wagtail documents) the attachments point at; the pages only read their
    metadata, so the files themselves are not written."""
    from wagtail.documents import get_document_model

    model = get_document_model()
    existing = list(model.objects.filter(title__startswith="bench-attachment-").values_list("pk", flat=True))
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    for number in range(len(existing), count):
        file = model(
            title=f"bench-attachment-{number}", file=f"documents/bench-{number}.pdf", collection=root
        )
        file.file_size = 50_000 + number * 997
        file.file_hash = f"{number:040x}"
        file.save()
        existing.append(file.pk)
    return existing


def catalogue_ensure(*, documents: int, seed: int = 20261202, log: Any = print) -> int:
    """Make sure at least ``documents`` published documents exist; returns how many were added."""
    have = Document.objects.filter(status=DocumentStatus.PUBLISHED).count()
    if have >= documents:
        log(f"fixture: {have:,} published documents already loaded, nothing to do")
        return 0
    missing = documents - have
    first_id = (Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    generator = Generator(seed=seed + have, first_id=first_id)
    files = _attachment_files(50)
    interprets: list[tuple[int, int]] = []
    joint: list[tuple[int, int]] = []
    placed: list[tuple[int, int]] = []
    attachments: list[tuple[int, int]] = []
    with transaction.atomic():
        # In batches, so that the bodies of 100,000 documents never sit in memory at once.
        for start in range(0, missing, 5_000):
            rows = [generator.row() for _ in range(min(5_000, missing - start))]
            _copy("publications_document", list(rows[0].values), (tuple(r.values.values()) for r in rows))
            for r in rows:
                doc_id = r.values["id"]
                if r.interprets:
                    interprets.append((doc_id, r.interprets))
                if r.joint_issuer:
                    joint.append((doc_id, r.joint_issuer))
                if r.column:
                    placed.append((doc_id, r.column))
                attachments += [(doc_id, n) for n in range(1, r.attachments + 1)]
            log(f"fixture: {start + len(rows):,} of {missing:,} documents written")
        _copy(
            Document.interprets.through._meta.db_table,
            ["from_document_id", "to_document_id"],
            iter(interprets),
        )
        _copy(Document.joint_issuers.through._meta.db_table, ["document_id", "organization_id"], iter(joint))
        _copy(Document.columns.through._meta.db_table, ["document_id", "columnpage_id"], iter(placed))
        now = timezone.now()
        _copy(
            DocumentAttachment._meta.db_table,
            [
                "document_id",
                "file_id",
                "title",
                "sort_order",
                "file_type",
                "file_size",
                "download_count",
                "created_at",
            ],
            (
                (doc_id, generator.rng.choice(files), f"附件{n}", n, "pdf", 120_000 + n * 1_000, 0, now)
                for doc_id, n in attachments
            ),
        )
        _serials_update(generator)
        if connection.vendor == "postgresql":  # SQLite moves its AUTOINCREMENT counter past explicit ids
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('publications_document', 'id'), "
                    "(SELECT max(id) FROM publications_document))"
                )
    with connection.cursor() as cursor:
        # What autovacuum would have done on a live site long before a catalogue reached this size.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE publications_document")
            cursor.execute(f"ANALYZE {Document.interprets.through._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    return missing


def _serials_update(generator: Generator) -> None:
    for info in generator.orgs:
        for model, serials in ((IndexSerial, info.serials), (RegistrationSerial, info.registrations)):
            for year, last in serials.items():
                model.objects.update_or_create(org=info.org, year=year, defaults={"last": last})
