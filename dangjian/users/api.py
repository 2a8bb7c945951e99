"""API: users and role grants (committee staff manage them within their scope)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.schemas import Id, In, Page, PageIn, QueryIn, Text, paginate
from dangjian.organizations import scoping
from dangjian.people import selectors as people_selectors
from dangjian.users import errors, services

router = Router(tags=["账号与授权"])

# --- role grants ---------------------------------------------------------------------------


class GrantOut(Schema):
    id: int
    user_id: int
    username: str
    role: str
    role_label: str
    organization_id: int
    organization_name: str
    granted_at: dt.datetime
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_username(obj: RoleGrant) -> str:
        return obj.user.username

    @staticmethod
    def resolve_role_label(obj: RoleGrant) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_organization_name(obj: RoleGrant) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_granted_at(obj: RoleGrant) -> dt.datetime:
        return obj.created_at


class GrantFilters(QueryIn):
    user: Id | None = None
    organization: Id | None = None
    include_revoked: bool = False


class GrantIn(In):
    user_id: Id
    role: Role
    organization_id: Id


def _grants(actor):
    """Committee staff see the grants of the accounts they manage; everyone else only their own."""
    return scoping.grants_visible(actor)


@router.get("/role-grants", response=Page[GrantOut], summary="角色授权列表")
def grant_list(request, filters: Query[GrantFilters], page: Query[PageIn]):
    qs = _grants(request.auth)
    if not filters.include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    if filters.user:
        qs = qs.filter(user_id=filters.user)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    return paginate(qs.order_by("user__username", "id"), page)


@router.post("/role-grants", response={201: GrantOut}, summary="授予角色（工委）")
def grant_create(request, payload: GrantIn):
    actor = request.auth
    scoping.require(scoping.scope_of(actor).committee)
    org = scoping.access_org(actor, payload.organization_id, write=True)
    grant = services.grant_create(
        actor=actor, user=scoping.access_user(actor, payload.user_id), role=payload.role, organization=org
    )
    return Status(201, grant)


@router.post("/role-grants/{grant_id}/revoke", response=GrantOut, summary="撤销角色（工委）")
def grant_revoke(request, grant_id: Id):
    actor = request.auth
    try:
        grant = _grants(actor).get(pk=grant_id, revoked_at__isnull=True)
    except RoleGrant.DoesNotExist:
        raise Http404
    return services.grant_revoke(actor=actor, grant=grant)


# --- users ---------------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    is_active: bool
    person_id: int | None
    must_change_password: bool
    last_login: dt.datetime | None


class UserCreatedOut(UserOut):
    password: str  # the initial password, shown once


class UserFilters(QueryIn):
    q: Annotated[str, Text(50)] = ""


class UserIn(In):
    username: Annotated[str, Text(30, required=True)]
    display_name: Annotated[str, Text(50)] = ""
    person_id: Id | None = None


def _require_committee(actor) -> None:
    if not scoping.scope_of(actor).committee:
        raise Forbidden()


@router.get("/users", response=Page[UserOut], summary="用户列表（工委）")
def user_list(request, filters: Query[UserFilters], page: Query[PageIn]):
    _require_committee(request.auth)
    qs = scoping.users_visible(request.auth).order_by("username")
    if filters.q:
        qs = qs.filter(username__contains=filters.q) | qs.filter(display_name__contains=filters.q)
    return paginate(qs, page)


@router.post("/users", response={201: UserCreatedOut}, summary="新建用户（工委；初始密码只显示一次）")
def user_create(request, payload: UserIn):
    actor = request.auth
    _require_committee(actor)
    person = (
        people_selectors.person_get(actor=actor, person_id=payload.person_id) if payload.person_id else None
    )
    if person is not None and User.objects.filter(person=person).exists():
        # One account per person (a OneToOne column): say so instead of failing in the database.
        raise ApplicationError(errors.ERR_PERSON_HAS_USER.format(name=person.name), field="person_id")
    user, password = services.user_create(
        actor=actor, username=payload.username, display_name=payload.display_name, person=person
    )
    return Status(201, {**UserOut.model_validate(user).model_dump(), "password": password})
