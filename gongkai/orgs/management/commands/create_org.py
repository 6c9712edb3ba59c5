"""create_org: create or update an organization (contract.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.exceptions import ServiceValidationError
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import Organization
from gongkai.orgs.services import UNCHANGED, org_create_or_update


class Command(BaseCommand):
    help = "创建或更新一个机构。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="机构代码（小写字母、数字、-、_）")
        parser.add_argument("--name", required=True, help="机构名称")
        parser.add_argument("--parent", help="上级机构代码")
        parser.add_argument("--credit-code", help="统一社会信用代码（18位）")
        parser.add_argument("--kind", choices=OrgKind.values, help="机构类型")

    def handle(self, *args: Any, **options: Any) -> None:
        parent = UNCHANGED
        if options["parent"]:
            parent = Organization.objects.filter(code=options["parent"]).first()
            if parent is None:
                raise CommandError(f"上级机构“{options['parent']}”不存在，请先创建。")
        try:
            org, created = org_create_or_update(
                actor=None,
                code=options["code"],
                name=options["name"],
                parent=parent,
                kind=options["kind"],
                credit_code=options["credit_code"],
            )
        except ServiceValidationError as exc:
            details = "；".join(
                f"{_label(field)}（{field}）：{' '.join(msgs)}" for field, msgs in exc.errors.items()
            )
            raise CommandError(details or exc.message) from exc
        self.stdout.write(f"{'已创建' if created else '已更新'}机构 {org.code}（{org.name}）")


def _label(field: str) -> str:
    try:
        return str(getattr(Organization._meta.get_field(field), "verbose_name", field))
    except FieldDoesNotExist:
        return field
