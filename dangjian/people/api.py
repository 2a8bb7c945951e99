"""API: members (read), people, memberships and cadre posts (write), roster import and export.

Reads go through people.selectors / organizations.scoping, writes through people.services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from django.views.decorators.cache import never_cache
from ninja import File, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import create_model

from dangjian.core import excel, jobs
from dangjian.core.api import JobOut
from dangjian.core.schemas import NOT_SENT, Id, In, NamedRef, Page, PageIn, QueryIn, Text, paginate
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.people import exports, imports, selectors, services
from dangjian.people.enums import (
    Degree,
    Education,
    Ethnicity,
    Gender,
    MembershipStatus,
    PersonCategory,
    Post,
    PostEndReason,
)
from dangjian.people.models import CadrePost, Person

router = Router(tags=["党员与人员"])


Name = Annotated[str, Text(50, required=True)]


# --- output schemas ------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    name: str
    gender: str
    gender_label: str
    birth_date: dt.date
    id_masked: str
    ethnicity: str
    ethnicity_label: str
    education: str
    education_label: str
    position: str
    status: str | None
    status_label: str | None
    admitted_on: dt.date | None
    full_on: dt.date | None
    organization: NamedRef
    unit: NamedRef

    @staticmethod
    def resolve_gender_label(obj: Person) -> str:
        return obj.get_gender_display()

    @staticmethod
    def resolve_ethnicity_label(obj: Person) -> str:
        return obj.get_ethnicity_display()

    @staticmethod
    def resolve_education_label(obj: Person) -> str:
        return obj.get_education_display()

    @staticmethod
    def resolve_status(obj: Person) -> str | None:
        m = _membership(obj)
        return m.status if m else None

    @staticmethod
    def resolve_status_label(obj: Person) -> str | None:
        m = _membership(obj)
        return m.get_status_display() if m else None

    @staticmethod
    def resolve_admitted_on(obj: Person) -> dt.date | None:
        m = _membership(obj)
        return m.admitted_on if m else None

    @staticmethod
    def resolve_full_on(obj: Person) -> dt.date | None:
        m = _membership(obj)
        return m.full_on if m else None


class MembershipOut(Schema):
    status: str
    status_label: str
    applied_on: dt.date | None
    activist_on: dt.date | None
    candidate_on: dt.date | None
    admitted_on: dt.date | None
    full_on: dt.date | None
    left_on: dt.date | None
    party_age: int | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_party_age(obj) -> int | None:
        return obj.party_age_on(dt.date.today())


class MemberDetailOut(MemberOut):
    age: int
    native_place: str
    degree: str
    category: str
    category_label: str
    phone_masked: str
    is_mobile: bool
    is_lost_contact: bool
    membership: MembershipOut | None
    can_reveal_id: bool

    @staticmethod
    def resolve_age(obj: Person) -> int:
        return obj.age_on(dt.date.today())

    @staticmethod
    def resolve_category_label(obj: Person) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_membership(obj: Person):
        return _membership(obj)

    @staticmethod
    def resolve_can_reveal_id(obj: Person, context) -> bool:
        return scoping.can_view_full_id(context["request"].auth, obj)


class IdNumberOut(Schema):
    id_number: str


class PeriodOut(Schema):
    id: int
    organization: NamedRef
    status: str
    status_label: str
    valid_from: dt.date
    valid_to: dt.date | None
    reason: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class PostOut(Schema):
    id: int
    person_id: int
    organization: NamedRef
    post: str
    post_label: str
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str

    @staticmethod
    def resolve_post_label(obj: CadrePost) -> str:
        return obj.get_post_display()


def _membership(person: Person):
    try:
        return person.membership
    except Person.membership.RelatedObjectDoesNotExist:
        return None


# --- input schemas -------------------------------------------------------------------------

_QUERY_TYPES: dict[str, Any] = {"q": Annotated[str, Text(50)], "org": Id | None}  # the rest: plain text
if TYPE_CHECKING:
    MemberQuery = QueryIn  # built at run time; its fields are read through model_dump()
else:
    MemberQuery = (
        create_model(  # the fields of selectors.MemberFilters, the one definition of the list's filters
            "MemberQuery",
            __base__=QueryIn,
            __doc__="The filters of the member list page (selectors.MemberFilters).",
            **{
                f.name: (_QUERY_TYPES.get(f.name, str), f.default)
                for f in selectors.MemberFilters.param_fields()
            },
        )
    )


class MembershipDates(In):
    applied_on: dt.date | None = None
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    admitted_on: dt.date | None = None
    full_on: dt.date | None = None


class PersonCreateIn(In):
    name: Name
    id_number: Annotated[str, Text(20, required=True)]
    organization_id: Id
    unit_id: Id | None = None  # default: the organisation's unit
    gender: Gender | None = None  # optional: cross-checked with the ID number
    birth_date: dt.date | None = None  # optional: cross-checked with the ID number
    ethnicity: Ethnicity = Ethnicity.E01
    native_place: Annotated[str, Text(50)] = ""
    education: Education
    degree: Degree = Degree.NONE
    category: PersonCategory = PersonCategory.CIVIL_SERVANT
    phone: Annotated[str, Text(20)] = ""
    position: Annotated[str, Text(60)] = ""
    is_mobile: bool = False
    is_lost_contact: bool = False
    status: MembershipStatus | None = None
    membership: MembershipDates | None = None


class PersonUpdateIn(In):
    # Non-nullable fields default to None only to mean "not sent": an explicit null is a 422.
    name: Name = NOT_SENT
    id_number: Annotated[str, Text(20, required=True)] = NOT_SENT
    unit_id: Id = NOT_SENT
    ethnicity: Ethnicity = NOT_SENT
    native_place: Annotated[str, Text(50)] = NOT_SENT
    education: Education = NOT_SENT
    degree: Degree = NOT_SENT
    category: PersonCategory = NOT_SENT
    phone: Annotated[str, Text(20)] = NOT_SENT
    position: Annotated[str, Text(60)] = NOT_SENT
    is_mobile: bool = NOT_SENT
    is_lost_contact: bool = NOT_SENT


class MembershipIn(In):
    status: MembershipStatus
    on: dt.date | None = None  # when the new status starts (default: its own date)
    applied_on: dt.date | None = None
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    admitted_on: dt.date | None = None
    full_on: dt.date | None = None
    left_on: dt.date | None = None


class TransferIn(In):
    target_id: Id
    on: dt.date | None = None
    reason: Annotated[str, Text(100)] = "组织关系转接"


class PostIn(In):
    organization_id: Id
    post: Post
    started_on: dt.date


class PostEndIn(In):
    ended_on: dt.date
    reason: PostEndReason


class ExportIn(In):
    filters: MemberQuery = MemberQuery()
    full_ids: bool = False


# --- members (read) ------------------------------------------------------------------------


@router.get("/members", response=Page[MemberOut], summary="党员列表（身份证号脱敏）")
def member_list(request, filters: Query[MemberQuery], page: Query[PageIn]):
    f = selectors.MemberFilters.from_params(filters.model_dump())
    return paginate(selectors.member_list(actor=request.auth, filters=f), page)


@router.post("/members/export", response={202: JobOut}, summary="导出党员名册（后台任务）")
def member_export(request, payload: ExportIn):
    if payload.full_ids:
        scoping.require(scoping.may_export_full_ids(request.auth))
    filters = selectors.MemberFilters.from_params(payload.filters.model_dump()).as_params()
    if filters.get("org"):
        scoping.access_org(request.auth, filters["org"])  # 404 outside scope, before any work
    job = jobs.job_submit(
        actor=request.auth,
        kind=exports.KIND,
        title=exports.export_title(payload.full_ids),
        params={"filters": filters, "full_ids": payload.full_ids},
    )
    return Status(202, job)


@router.get("/members/{person_id}", response=MemberDetailOut, summary="党员详情（身份证号脱敏）")
def member_detail(request, person_id: Id):
    return selectors.person_get(actor=request.auth, person_id=person_id)


@router.post("/members/{person_id}/reveal-id", response=IdNumberOut, summary="查看完整身份证号（留痕）")
@decorate_view(never_cache)  # a full ID number must not stay in any cache
def member_reveal_id(request, person_id: Id):
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    return {"id_number": services.person_reveal_id(actor=request.auth, person=person)}


@router.get("/members/{person_id}/history", response=Page[PeriodOut], summary="党籍历史")
def member_history(request, person_id: Id, page: Query[PageIn]):
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    return paginate(selectors.membership_history(person=person), page)


@router.get("/members/{person_id}/posts", response=Page[PostOut], summary="担任的党内职务")
def member_posts(request, person_id: Id, page: Query[PageIn]):
    person = selectors.person_get(actor=request.auth, person_id=person_id)
    return paginate(selectors.posts_of_person(person=person), page)


# --- people (write) ------------------------------------------------------------------------


def _unit(actor, unit_id):
    return org_selectors.unit_get(actor=actor, unit_id=unit_id)


@router.post("/people", response={201: MemberDetailOut}, summary="登记人员及党籍")
def person_create(request, payload: PersonCreateIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id, write=True)
    data = payload.model_dump(exclude={"organization_id", "unit_id", "membership", "status"})
    for key in ("gender", "birth_date"):
        if data[key] is None:
            del data[key]
    unit = _unit(actor, payload.unit_id) if payload.unit_id else org.unit
    membership = payload.membership.model_dump(exclude_none=True) if payload.membership else {}
    person = services.person_create(
        actor=actor, organization=org, unit=unit, status=payload.status, membership=membership, **data
    )
    return Status(201, selectors.person_get(actor=actor, person_id=person.pk))


@router.patch("/people/{person_id}", response=MemberDetailOut, summary="修改人员信息")
def person_update(request, person_id: Id, payload: PersonUpdateIn):
    actor = request.auth
    person = selectors.access_person(actor, person_id, write=True)
    fields = payload.model_dump(exclude_unset=True)
    if "unit_id" in fields:
        fields["unit"] = _unit(actor, fields.pop("unit_id"))
    services.person_update(actor=actor, person=person, **fields)
    return selectors.person_get(actor=actor, person_id=person_id)


@router.post("/people/{person_id}/membership", response=MemberDetailOut, summary="变更党员状态或入党日期")
def membership_update(request, person_id: Id, payload: MembershipIn):
    actor = request.auth
    person = selectors.access_person(actor, person_id, write=True)
    dates = payload.model_dump(exclude={"status", "on"}, exclude_unset=True)
    services.membership_update(actor=actor, person=person, status=payload.status, on=payload.on, **dates)
    return selectors.person_get(actor=actor, person_id=person_id)


@router.post("/people/{person_id}/transfer", response=MemberDetailOut, summary="组织关系转接（树内）")
def membership_transfer(request, person_id: Id, payload: TransferIn):
    actor = request.auth
    person = selectors.access_person(actor, person_id, write=True)
    target = scoping.access_org(actor, payload.target_id, write=True)
    services.membership_transfer(
        actor=actor, person=person, target=target, on=payload.on, reason=payload.reason or "组织关系转接"
    )
    return selectors.person_get(actor=actor, person_id=person_id)


@router.post("/people/{person_id}/posts", response={201: PostOut}, summary="任职")
def post_create(request, person_id: Id, payload: PostIn):
    actor = request.auth
    person = selectors.access_person(actor, person_id)
    org = scoping.access_org(actor, payload.organization_id, write=True)
    post = services.cadre_post_create(
        actor=actor, person=person, organization=org, post=payload.post, started_on=payload.started_on
    )
    return Status(201, post)


@router.post("/posts/{post_id}/end", response=PostOut, summary="免职")
def post_end(request, post_id: Id, payload: PostEndIn):
    actor = request.auth
    post = selectors.access_post(actor, post_id, write=True)
    return services.cadre_post_end(actor=actor, post=post, ended_on=payload.ended_on, reason=payload.reason)


# --- roster import -------------------------------------------------------------------------


@router.post("/imports/roster", response={202: JobOut}, summary="上传党员名册（校验，不写入）")
def roster_import(request, file: File[UploadedFile]):
    job = imports.roster_import_submit(
        actor=request.auth, data=excel.upload_bytes(file), filename=file.name or ""
    )
    return Status(202, job)


@router.post(
    "/imports/roster/{job_id}/commit", response={202: JobOut}, summary="确认导入（全部成功或全部不写入）"
)
def roster_commit(request, job_id: Id):
    validate_job = jobs.job_get(actor=request.auth, job_id=job_id)
    job = imports.roster_commit_submit(actor=request.auth, validate_job=validate_job)
    return Status(202, job)
