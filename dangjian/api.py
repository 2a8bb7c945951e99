"""The API root: /api/v1/. Each app adds its router in `<app>/api.py`.

Authentication: a bearer token (`POST /api/v1/auth/token`) or the browser's session (with CSRF
for unsafe methods). Errors are always JSON {"message": ..., "extra": ...} in Chinese; bad input
is a 4xx, never a 500.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.views import openapi_json
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from dangjian.accounts import services as account_services
from dangjian.accounts.api import router as accounts_router
from dangjian.activities.api import router as activities_router
from dangjian.assessments.api import router as assessments_router
from dangjian.awards.api import router as awards_router
from dangjian.campaigns.api import router as campaigns_router
from dangjian.care.api import router as care_router
from dangjian.complaints.api import public_router as complaints_public_router
from dangjian.complaints.api import router as complaints_router
from dangjian.core.api import router as jobs_router
from dangjian.core.errors import ApplicationError, Forbidden, NotFound, error_dict
from dangjian.development.api import router as development_router
from dangjian.elections.api import router as elections_router
from dangjian.events.api import router as events_router
from dangjian.fees.api import router as fees_router
from dangjian.initiatives.api import router as initiatives_router
from dangjian.masses.api import router as masses_router
from dangjian.materials.api import router as materials_router
from dangjian.meetings.api import router as meetings_router
from dangjian.organizations.api import router as organizations_router
from dangjian.pairings.api import router as pairings_router
from dangjian.people.api import router as people_router
from dangjian.problems.api import router as problems_router
from dangjian.prompts.api import router as prompts_router
from dangjian.sites.api import router as sites_router
from dangjian.trainings.api import router as trainings_router
from dangjian.transfers.api import router as transfers_router
from dangjian.users.api import router as users_router
from dangjian.villages.api import router as villages_router

log = logging.getLogger(__name__)

MSG_NOT_FOUND = "对象不存在或不在您的权限范围内。"
MSG_UNAUTHORIZED = "未登录，或API令牌无效、已撤销。请在请求头中提供 Authorization: Bearer <令牌>。"
MSG_CSRF = "CSRF校验失败，请刷新页面后重试。"
MSG_BAD_JSON = "请求体不是有效的JSON。"
MSG_TOO_BIG = "请求体过大。"
MSG_BAD_REQUEST = "请求无效。"
MSG_CONFLICT = "数据未通过数据库校验（例如与已有记录冲突），未写入任何数据，请检查后重试。"
MSG_CHANGE_PASSWORD = "请先修改初始密码，再使用系统。"
MSG_SERVER_ERROR = "服务器内部错误，请联系管理员查看日志。"


# --- authentication ------------------------------------------------------------------------


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = account_services.token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The Django session of the web UI. CSRF is checked (for unsafe methods) only when a session
    user is present, so an anonymous request gets 401 rather than a CSRF error."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request):
            raise HttpError(403, MSG_CSRF)
        if getattr(user, "must_change_password", False):  # the pages send them to the change form
            raise HttpError(403, MSG_CHANGE_PASSWORD)
        return user


def _docs_auth(view):
    """The docs page and the OpenAPI document are for signed-in users too (no anonymous Swagger):
    the page redirects to the login page, the JSON answers 401 (a bearer token also works)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and not BearerAuth()(request):
            if getattr(view, "func", None) is openapi_json:
                return JsonResponse({"message": MSG_UNAUTHORIZED, "extra": {}}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # readable Chinese; the response is UTF-8


api = NinjaAPI(
    title="机关党建工作管理平台 API",
    version="1",
    urls_namespace="api",
    description=(
        "认证：`POST /api/v1/auth/token` 以用户名和密码换取令牌，之后在请求头中携带 "
        "`Authorization: Bearer <令牌>`；浏览器中也可使用已登录的会话。列表分页："
        '`?limit=&offset=`（默认50条，最多500条），返回 `{"items": [...], "count": N}`。'
        "超出权限范围的对象一律返回404。"
    ),
    auth=[BearerAuth(), SessionAuth()],
    renderer=Renderer(),
    docs_decorator=_docs_auth,
)


# --- errors --------------------------------------------------------------------------------


def _error(request, status: int, message: str, extra: dict | None = None):
    return api.create_response(request, {"message": message, "extra": extra or {}}, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request, exc):
    return api.create_response(request, error_dict(exc), status=400)


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return api.create_response(request, error_dict(exc), status=403)


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return _error(request, 404, MSG_NOT_FOUND)


@api.exception_handler(Http404)
def _http404(request, exc):
    # Our own 404s carry a Chinese message ("任务不存在。"); Django's English ones are replaced.
    text = str(exc)
    return _error(request, 404, text if text and not text.isascii() else MSG_NOT_FOUND)


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request, exc):
    return _error(request, 404, MSG_NOT_FOUND)


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request, exc):
    return api.create_response(request, error_dict(exc), status=400)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if isinstance(exc, AuthenticationError):
        response = _error(request, 401, MSG_UNAUTHORIZED)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, 400, MSG_BAD_JSON)
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    details = [_detail(e) for e in exc.errors]
    first = details[0]["message"] if details else "请求参数无效。"
    more = f"（另有{len(details) - 1}处错误）" if len(details) > 1 else ""
    return _error(request, 422, first + more, {"errors": details})


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, MSG_TOO_BIG)


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return _error(request, 400, MSG_BAD_REQUEST)


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request, exc):  # e.g. multipart/form-data without a boundary
    return _error(request, 400, MSG_BAD_REQUEST)


@api.exception_handler(IntegrityError)
def _integrity(request, exc):
    log.warning("API integrity error on %s: %s", request.path, exc)
    return _error(request, 409, MSG_CONFLICT)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, MSG_SERVER_ERROR)


# --- validation messages in Chinese --------------------------------------------------------

SOURCES = {
    "body": "请求体",
    "query": "查询参数",
    "path": "路径参数",
    "form": "表单",
    "file": "文件",
    "header": "请求头",
    "cookie": "Cookie",
}
FIELD_LABELS = {
    "name": "名称",
    "kind": "类别",
    "unit_id": "单位",
    "parent_id": "上级",
    "target_id": "目标组织",
    "organization_id": "党组织",
    "person_id": "人员",
    "user_id": "用户",
    "role": "角色",
    "id_number": "身份证号",
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "education": "学历",
    "degree": "学位",
    "category": "类别",
    "phone": "联系电话",
    "position": "职务",
    "native_place": "籍贯",
    "status": "党员状态",
    "applied_on": "申请入党日期",
    "activist_on": "确定积极分子日期",
    "candidate_on": "确定发展对象日期",
    "admitted_on": "入党日期",
    "full_on": "转正日期",
    "left_on": "离开日期",
    "on": "生效日期",
    "post": "职务",
    "started_on": "任职日期",
    "ended_on": "免职日期",
    "reason": "原因",
    "established_on": "成立日期",
    "term_started_on": "本届开始",
    "term_ends_on": "本届届满",
    "sort_order": "排序",
    "limit": "每页条数",
    "offset": "起始位置",
    "username": "用户名",
    "password": "密码",
    "display_name": "姓名",
    "org": "党组织",
    "q": "搜索",
    "file": "文件",
    "full_ids": "完整身份证号",
    "short_name": "简称",
    "credit_code": "统一社会信用代码",
    "located_in_capital": "驻省会",
    "is_active": "有效",
    "is_mobile": "流动党员",
    "is_lost_contact": "失联",
    "job_id": "任务",
    "org_id": "党组织",
    "post_id": "职务",
    "grant_id": "授权",
}
REASONS = {
    "missing": "为必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为字符串",
    "date_parsing": "应为日期（格式：2023-12-31）",
    "date_from_datetime_parsing": "应为日期（格式：2023-12-31）",
    "date_type": "应为日期（格式：2023-12-31）",
    "date_from_datetime_inexact": "应为日期（格式：2023-12-31）",
    "datetime_parsing": "应为日期时间",
    "model_type": "应为JSON对象",
    "model_attributes_type": "应为JSON对象",
    "dict_type": "应为JSON对象",
    "list_type": "应为数组",
    "extra_forbidden": "不是可接受的字段",
    "json_invalid": "不是有效的JSON",
    "string_too_short": "不能为空",
    "none_required": "应为空",
}


def _field_name(loc) -> tuple[str, str]:
    parts = [str(p) for p in loc[1:] if p != "payload"]
    name = ".".join(parts) or SOURCES.get(str(loc[0]), str(loc[0]) if loc else "")
    last = parts[-1] if parts else ""
    label = FIELD_LABELS.get(last)
    return name, f"“{name}”（{label}）" if label else f"“{name}”"


def _reason(err: dict) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"不能小于{ctx.get('ge', ctx.get('gt'))}"
            if kind == "greater_than_equal"
            else f"应大于{ctx.get('gt')}"
        )
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于{ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字符"
    if kind in ("enum", "literal_error"):
        return f"取值无效，可选值：{ctx.get('expected', '')}"
    if kind == "value_error":
        return str(ctx.get("error") or err.get("msg", "取值无效")).removeprefix("Value error, ")
    if kind.startswith("date"):
        return REASONS["date_parsing"]
    return REASONS.get(kind, "取值无效")


def _detail(err: dict) -> dict:
    loc = tuple(err.get("loc") or ())
    name, shown = _field_name(loc)
    source = SOURCES.get(str(loc[0]), "") if loc else ""
    whole = len(loc) <= 1 or (len(loc) == 2 and loc[1] == "payload")
    reason = _reason(err).rstrip("。")  # a validator's own message may end with its full stop
    message = f"{source}{reason}。" if whole else f"{source}字段{shown}{reason}。"
    return {
        "field": name,
        "source": source,
        "type": err.get("type", ""),
        "message": message,
        "detail": err.get("msg", ""),
    }


# --- routers -------------------------------------------------------------------------------


def _add_routers() -> None:
    api.add_router("", accounts_router)
    api.add_router("", users_router)
    api.add_router("", organizations_router)
    api.add_router("", people_router)
    api.add_router("", jobs_router)
    api.add_router("", meetings_router)
    api.add_router("", prompts_router)
    api.add_router("", materials_router)
    api.add_router("", trainings_router)
    api.add_router("", campaigns_router)
    api.add_router("", problems_router)
    api.add_router("", assessments_router)
    api.add_router("", sites_router)
    api.add_router("", awards_router)
    api.add_router("", complaints_router)
    api.add_router("", complaints_public_router)
    api.add_router("", activities_router)
    api.add_router("", events_router)
    api.add_router("", transfers_router)
    api.add_router("", care_router)
    api.add_router("", fees_router)
    api.add_router("", development_router)
    api.add_router("", elections_router)
    api.add_router("", initiatives_router)
    api.add_router("", pairings_router)
    api.add_router("", villages_router)
    api.add_router("", masses_router)
    api.add_router("", _fallback)  # last: an unknown path under /api/v1/ is a JSON 404 too


_fallback = Router()


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def _unknown_path(request, rest: str):
    raise Http404


_add_routers()
