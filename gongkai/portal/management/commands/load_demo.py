"""load_demo: loads the fictional demo region 示例市 (contract.md). Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai.orgs.models import Organization
from gongkai.portal.demo.loader import load_demo_region


class Command(BaseCommand):
    help = "加载演示地区“示例市”（机构、各角色演示账户、参考文件）。可重复运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="只在数据库中还没有任何机构时加载（make run 首次运行）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("已有机构数据，跳过演示数据加载。")
            return
        counts = load_demo_region()
        self.stdout.write(
            f"演示地区已加载：机构 {counts['organizations']} 个，账户 {counts['users']} 个，"
            f"参考文件 {counts['reference_documents']} 篇，演示政府信息 {counts['demo_documents']} 条，"
            f"政府公报 {counts['gazette_issues']} 期，依申请公开演示案件 {counts['foi_cases']} 件，"
            f"年度报告草稿 {counts['annual_reports']} 份。"
        )
        if not settings.DEBUG:
            self.stderr.write("注意：演示账户的密码是公开的，请勿在对外服务的环境中保留演示数据。")
