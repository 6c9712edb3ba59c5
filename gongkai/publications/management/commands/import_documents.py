"""import_documents: bulk import of an existing catalogue (CSV/XLSX) into one organization.

All-or-nothing: if any row fails, every failure is listed (row, column, reason) and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.orgs.models import Organization
from gongkai.publications.importing import ImportFileError, documents_import


class Command(BaseCommand):
    help = (
        "从 CSV 或 XLSX 文件批量导入政府信息目录（列名：标题、体裁、主题分类、发文字号、成文日期、形成日期、"
        "内容概述、正文、主题词、公开属性、不予公开依据、法定公开事项）。任何一行出错则全部不导入。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件")
        parser.add_argument("--org", required=True, help="发布机构代码，如 fgw")
        parser.add_argument("--actor", required=True, help="执行导入的信息编辑的用户名")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布主动公开的信息")
        parser.add_argument("--reviewer", help="直接发布时进行保密审查的审查员用户名（不能与 --actor 相同）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入任何数据")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(_("机构代码“%(code)s”不存在。") % {"code": options["org"]})
        actor = _user(options["actor"], "--actor")
        reviewer = _user(options["reviewer"], "--reviewer") if options["reviewer"] else None
        try:
            result = documents_import(
                actor=actor,
                org=org,
                path=options["file"],
                publish=options["publish"],
                reviewer=reviewer,
                dry_run=options["dry_run"],
            )
        except (ImportFileError, ServiceValidationError, ServicePermissionDenied) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        except OSError as exc:
            raise CommandError(_("无法读取文件：%(error)s") % {"error": exc}) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        failed_rows = len({e.row for e in result.errors})
        summary = _("共 %(rows)s 行：成功 %(created)s 行，失败 %(failed)s 行") % {
            "rows": result.rows,
            "created": result.created,
            "failed": failed_rows,
        }
        if options["publish"]:
            summary += _("，其中发布 %(published)s 件") % {"published": result.published}
        if result.dry_run:
            self.stdout.write(summary + _("。（试运行，未写入任何数据）"))
        elif result.errors:
            self.stdout.write(summary + _("。因有错误，本次导入未写入任何数据，请修改后重新导入。"))
        else:
            self.stdout.write(summary + _("。已全部导入。"))
        if result.errors:
            raise CommandError(_("导入失败：%(failed)s 行有错误。") % {"failed": failed_rows})


def _user(username: str, option: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(
            _("%(option)s：用户“%(username)s”不存在。") % {"option": option, "username": username}
        )
    return user
