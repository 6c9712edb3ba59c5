from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.orgs.credit_code import credit_code_error


def validate_credit_code(value: str) -> None:
    error = credit_code_error(value)
    if error:
        raise ValidationError(_("统一社会信用代码%(error)s") % {"error": error}, code="credit_code")
