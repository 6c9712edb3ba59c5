"""search_reindex: rebuild the search index, showing count / total and rate per model."""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Model

from gongkai.core.exceptions import ServiceValidationError
from gongkai.search.services import REINDEX_BATCH, search_reindex


class Command(BaseCommand):
    help = "重建全文检索索引（已发布的政府信息、政策解读、政府公报和门户页面），显示进度。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--model",
            action="append",
            dest="models",
            metavar="APP.MODEL",
            help="只重建该类型（可重复），例如 publications.Document",
        )
        parser.add_argument("--batch-size", type=int, default=REINDEX_BATCH, help="每批写入的条数")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="并行的进程数（仅 PostgreSQL；分词占满一个 CPU 核，进程数不宜超过核数）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        models = [self._model(label) for label in options["models"] or []] or None
        self._started: dict[type[Model], float] = {}
        try:
            counts = search_reindex(
                models_to_index=models,
                batch_size=options["batch_size"],
                progress=self._progress,
                workers=options["workers"],
            )
        except ServiceValidationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"search_reindex: {sum(counts.values())} objects indexed")

    @staticmethod
    def _model(label: str) -> type[Model]:
        try:
            return apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise CommandError(f"没有类型“{label}”：{exc}") from exc

    def _progress(self, model: type[Model], done: int, total: int) -> None:
        now = time.monotonic()
        started = self._started.setdefault(model, now)
        rate = done / (now - started) if now > started else 0.0
        percent = 100.0 * done / total if total else 100.0
        line = f"{model._meta.label}: {done}/{total} ({percent:.0f}%) {rate:.0f}/s"
        # On a terminal the line is redrawn in place; in a log each batch gets its own line.
        if self.stdout.isatty() and done < total:
            self.stdout.write(f"\r{line}", ending="")
        else:
            self.stdout.write(f"\r{line}" if self.stdout.isatty() else line)
