"""The JSON API at /api/v1: assembles the ninja routers that live in each app's api.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict

api = NinjaAPI(
    title="Gongkai 政务公开平台 API",
    version="1",
    description=(
        "政务公开平台对外接口。员工接口使用 `Authorization: Bearer <令牌>`，令牌由 create_api_token 生成。"
    ),
    urls_namespace="api-v1",
)


@api.exception_handler(ServiceValidationError)
def _service_validation(request: HttpRequest, exc: ServiceValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "errors": exc.errors}, status=400)


@api.exception_handler(ServicePermissionDenied)
def _forbidden(request: HttpRequest, exc: ServicePermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(StateConflict)
def _conflict(request: HttpRequest, exc: StateConflict) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "未认证：请在 Authorization 头中提供有效的 Bearer 令牌。"}, status=401
    )


@api.exception_handler(ValidationError)
def _schema_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
        ]
        field = ".".join(location) or "__all__"
        errors.setdefault(field, []).append(_chinese_validation_message(error))
    first_field, messages = next(iter(errors.items()), ("__all__", ["请求格式不正确。"]))
    return api.create_response(
        request, {"detail": f"字段“{first_field}”：{messages[0]}", "errors": errors}, status=422
    )


def _chinese_validation_message(error: dict) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "必填。"
    if kind.startswith("date"):
        return "应为 YYYY-MM-DD 格式的日期。"
    if kind.startswith("int"):
        return "应为整数。"
    bounds = error.get("ctx", {})
    if kind == "greater_than_equal":
        return f"不能小于{bounds.get('ge')}。"
    if kind == "less_than_equal":
        return f"不能大于{bounds.get('le')}。"
    if kind == "greater_than":
        return f"应大于{bounds.get('gt')}。"
    if kind == "less_than":
        return f"应小于{bounds.get('lt')}。"
    if kind == "literal_error" or kind == "enum":
        return f"不是允许的取值：{error.get('ctx', {}).get('expected', '')}。"
    return f"格式不正确（{error.get('msg', kind)}）。"


def _register_routers() -> None:
    from gongkai.accounts.api import router as me_router
    from gongkai.core.api import router as calendar_router
    from gongkai.foi.api import router as foi_router
    from gongkai.orgs.api import router as orgs_router
    from gongkai.publications.api import router as documents_router
    from gongkai.reports.api import router as annual_report_router
    from gongkai.search.api import router as search_router

    api.add_router("/calendar", calendar_router)
    api.add_router("/orgs", orgs_router)
    api.add_router("/me", me_router)
    api.add_router("/documents", documents_router)
    api.add_router("/search", search_router)
    api.add_router("/foi", foi_router)
    api.add_router("/reports", annual_report_router)


_register_routers()
