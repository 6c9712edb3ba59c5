"""demo_accounts: prints the portal URL and the demo accounts (used by make run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.accounts.models import User
from gongkai.portal.demo.region import DEMO_PASSWORD, USERS


class Command(BaseCommand):
    help = "打印门户网址和演示账户。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"  门户网站   {url}/")
        self.stdout.write(f"  员工工作台 {url}/staff/")
        self.stdout.write(f"  接口文档   {url}/api/v1/docs")
        existing = set(
            User.objects.filter(username__in=[u.username for u in USERS]).values_list("username", flat=True)
        )
        if existing:
            self.stdout.write(f"\n  演示账户（密码均为 {DEMO_PASSWORD}，仅供本机演示）：")
            for spec in USERS:
                if spec.username in existing:
                    self.stdout.write(f"    {spec.username:<10} {spec.full_name:<6} {spec.note}")
        self.stdout.write("")
