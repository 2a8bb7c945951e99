"""API: bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import StringConstraints

from dangjian.accounts import errors, services
from dangjian.accounts.models import ApiToken
from dangjian.core.errors import ApplicationError
from dangjian.core.schemas import Id, In, MessageOut, Page, PageIn, Text, paginate

router = Router(tags=["账号与授权"])

TOKEN_NAME = "API登录"
ERR_MUST_CHANGE_PASSWORD = "请先登录网页修改初始密码，再申请API令牌。"

Username = Annotated[str, Text(150)]
# A password is compared as typed: no normalisation, no refused characters.
Password = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1024)]


class TokenIn(In):
    username: Username
    password: Password
    name: Annotated[str, Text(60)] = ""


class TokenOut(Schema):
    token: str
    name: str
    expires_at: dt.datetime


class TokenInfoOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    status: str

    @staticmethod
    def resolve_status(obj: ApiToken) -> str:
        return obj.status_label


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: MessageOut, 403: MessageOut, 429: MessageOut},
    summary="申请API令牌",
)
def token_issue(request, payload: TokenIn):
    """与登录页相同的校验与锁定（连续5次失败锁定30分钟）。令牌只显示这一次，请妥善保存；
    到期（默认12小时）、修改密码、停用账号或角色变更后失效。`name` 选填，便于在令牌列表中识别。"""
    try:
        user = services.login_check(request=request, username=payload.username, password=payload.password)
    except ApplicationError as e:
        status = 401 if e.message == errors.ERR_BAD_LOGIN else 429
        return Status(status, {"message": e.message, "extra": {}})
    if user.must_change_password:
        return Status(403, {"message": ERR_MUST_CHANGE_PASSWORD, "extra": {}})
    token, key = services.token_create(actor=user, user=user, name=payload.name or TOKEN_NAME)
    return {"token": key, "name": token.name, "expires_at": token.expires_at}


@router.get("/auth/tokens", response=Page[TokenInfoOut], summary="我的API令牌")
def token_list(request, page: Query[PageIn]):
    """当前用户自己的令牌（含已撤销、已过期的），新的在前；不含令牌本身。"""
    return paginate(services.token_list(user=request.auth), page)


@router.post("/auth/tokens/{token_id}/revoke", response=TokenInfoOut, summary="撤销我的API令牌")
def token_revoke(request, token_id: Id):
    token = services.token_list(user=request.auth).filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    return services.token_revoke(actor=request.auth, token=token)
