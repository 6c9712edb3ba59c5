"""tick: run every periodic job once, then every queued background task (contract.md). Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.core.periodic import periodic_jobs


class Command(BaseCommand):
    help = "运行一次全部定时任务（提醒、逾期标记、期限届满、定时发布），然后执行队列中的全部后台任务。"

    def handle(self, *args: Any, **options: Any) -> None:
        for job in periodic_jobs():
            count = job.run()
            self.stdout.write(f"{job.name}: {count}")
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        self.stdout.write("tick: done")
