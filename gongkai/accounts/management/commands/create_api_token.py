"""create_api_token: print a new API token, alone, on stdout (contract.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts.models import User
from gongkai.accounts.services import api_token_create


class Command(BaseCommand):
    help = "为用户生成新的接口令牌，只在标准输出打印令牌本身。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="用途说明")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在。")
        _record, token = api_token_create(actor=None, user=user, name=options["name"])
        self.stdout.write(token)
