"""create_staff: create the user if needed and grant ROLE in an organization (contract.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts.services import user_ensure
from gongkai.core.exceptions import ServiceValidationError
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.services import membership_grant


class Command(BaseCommand):
    help = "创建员工账户（如不存在）并授予其在某机构的角色。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="机构代码")
        parser.add_argument("--role", required=True, choices=Role.values, help="角色")
        parser.add_argument("--password", help="密码（不提供则新用户不能用密码登录）")
        parser.add_argument("--name", default="", help="姓名")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"机构“{options['org']}”不存在。")
        try:
            user, created = user_ensure(
                actor=None,
                username=options["username"],
                password=options["password"],
                full_name=options["name"],
                # The operator on the command line chooses the password; demo and test passwords are short.
                check_password=False,
            )
            _membership, granted = membership_grant(actor=None, user=user, org=org, role=options["role"])
        except ServiceValidationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{'已创建' if created else '已有'}用户 {user.username}；"
            f"{'已授予' if granted else '已拥有'}{org.name}的角色 {Role(options['role']).label}"
        )
