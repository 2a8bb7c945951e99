"""Member pages: the roster list and its export, a member's detail, and the forms that change
people, memberships and cadre posts. Thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dangjian.core.forms import run_service
from dangjian.core.jobs import job_submit
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.people import exports, forms, selectors, services
from dangjian.people.enums import (
    AGE_BANDS,
    PARTY_AGE_BANDS,
    PARTY_MEMBER_STATUSES,
    Education,
    Ethnicity,
    Gender,
)

PAGE_SIZE = 50
ORG_SELECT_LIMIT = 300  # above this, the organisation filter lists committees and general branches only
SORT_CHOICES = [
    ("name", "姓名（拼音）升序"),
    ("-name", "姓名（拼音）降序"),
    ("admitted", "入党日期从早到晚"),
    ("-admitted", "入党日期从晚到早"),
]


def _org_options(user, selected: int | None) -> list[tuple[int, str]]:
    qs = scoping.orgs_visible(user).filter(is_active=True).exclude(kind=OrgKind.PARTY_GROUP).order_by("path")
    if qs.count() > ORG_SELECT_LIMIT:
        qs = qs.exclude(kind=OrgKind.BRANCH) | qs.filter(pk=selected or 0)
    return [
        (pk, "\u3000" * max(depth - 1, 0) + name) for pk, name, depth in qs.values_list("id", "name", "depth")
    ]


def member_list(request):
    user = request.user
    filters = selectors.MemberFilters.from_params(request.GET)
    qs = selectors.member_list(actor=user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = dt.date.today()
    rows = [(p, p.membership.party_age_on(today)) for p in page.object_list]
    return render(
        request,
        "people/member_list.html",
        {
            "page": page,
            "rows": rows,
            "f": filters,
            "params": filters.as_params(),
            "org_options": _org_options(user, filters.org),
            "statuses": [(s.value, s.label) for s in PARTY_MEMBER_STATUSES],
            "genders": Gender.choices,
            "age_bands": [(c, label) for c, label, _lo, _hi in AGE_BANDS],
            "party_age_bands": [(c, label) for c, label, _lo, _hi in PARTY_AGE_BANDS],
            "educations": Education.choices,
            "ethnicities": Ethnicity.choices,
            "sorts": SORT_CHOICES,
            "may_export_full_ids": scoping.may_export_full_ids(user),
            "can_create": bool(scoping.scope_of(user).write_paths),
        },
    )


@require_POST
def member_export(request):
    user = request.user
    filters = selectors.MemberFilters.from_params(request.POST)
    if filters.org:
        scoping.access_org(user, filters.org)  # 404 outside scope, before a job is made
    full_ids = bool(request.POST.get("full_ids")) and scoping.may_export_full_ids(user)
    job = job_submit(
        actor=user,
        kind=exports.KIND,
        title=exports.export_title(full_ids),
        params={"filters": filters.as_params(), "full_ids": full_ids},
    )
    return redirect("core:job", job_id=job.pk)


def _detail_context(user, person) -> dict:
    today = dt.date.today()
    membership = getattr(person, "membership", None)
    return {
        "person": person,
        "membership": membership,
        "party_age": membership.party_age_on(today) if membership else None,
        "age": person.age_on(today),
        "history": selectors.membership_history(person=person),
        "posts": selectors.posts_of_person(person=person),
        "timeline": selectors.person_timeline(actor=user, person=person),
        "can_reveal": scoping.can_view_full_id(user, person),
        "can_write": scoping.can_write_path(user, person.organization.path),
    }


def person_detail(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    return render(request, "people/person_detail.html", _detail_context(request.user, person))


def me(request):
    user = request.user
    if not user.person_id:
        return render(request, "people/me_missing.html", status=404)
    person = selectors.person_get(actor=user, person_id=user.person_id)
    return render(request, "people/person_detail.html", _detail_context(user, person) | {"is_me": True})


@never_cache  # a full ID number must not stay in any cache
@require_POST
def person_reveal_id(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    number = services.person_reveal_id(actor=request.user, person=person)
    return render(request, "people/_revealed.html", {"value": number, "field_id": "id-number"})


@never_cache
@require_POST
def person_reveal_phone(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    phone = services.person_reveal_phone(actor=request.user, person=person)
    return render(request, "people/_revealed.html", {"value": phone or "未填写", "field_id": "phone"})


def _form_page(request, form, *, title: str, person=None, back: str):
    return render(request, "people/form.html", {"form": form, "title": title, "person": person, "back": back})


def person_create(request):
    user = request.user
    scoping.require(bool(scoping.scope_of(user).write_paths))
    form = forms.PersonCreateForm(
        request.POST or None, user=user, initial={"organization": request.GET.get("org")}
    )
    if request.method == "POST" and form.is_valid():
        person = run_service(form, services.person_create, actor=user, **form.service_kwargs())
        if person is not None:
            messages.success(request, f"已登记人员“{person.name}”。")
            return redirect("people:person_detail", person_id=person.pk)
    return _form_page(request, form, title="登记人员", back=reverse("people:member_list"))


def _person_action(request, person, form, title, action, success):
    """The shared POST handling of the forms on one person: call the service, map its errors."""
    if request.method == "POST" and form.is_valid():
        run_service(form, lambda: action(person), field_map=getattr(form, "field_map", None))
        if not form.errors:  # the service put no error on the form
            messages.success(request, success)
            return redirect("people:person_detail", person_id=person.pk)
    return _form_page(
        request,
        form,
        title=f"{title}：{person.name}",
        person=person,
        back=reverse("people:person_detail", args=[person.pk]),
    )


def person_edit(request, person_id):
    user = request.user
    person = selectors.access_person(user, person_id, write=True)
    initial = {
        f: getattr(person, f)
        for f in (
            "name",
            "ethnicity",
            "native_place",
            "education",
            "degree",
            "category",
            "position",
            "is_mobile",
            "is_lost_contact",
        )
    }
    initial["unit"] = person.unit_id
    form = forms.PersonEditForm(request.POST or None, user=user, person=person, initial=initial)
    return _person_action(
        request,
        person,
        form,
        "编辑人员信息",
        lambda p: services.person_update(actor=user, person=p, **form.service_kwargs()),
        "已保存人员信息。",
    )


def membership_edit(request, person_id):
    user = request.user
    person = selectors.access_person(user, person_id, write=True)
    m = getattr(person, "membership", None)
    initial = {f: getattr(m, f) for f in ("status", *forms.MEMBERSHIP_DATES, "left_on")} if m else {}
    form = forms.MembershipForm(request.POST or None, initial=initial)
    return _person_action(
        request,
        person,
        form,
        "党籍信息",
        lambda p: services.membership_update(actor=user, person=p, **form.service_kwargs()),
        "已保存党籍信息。",
    )


def person_transfer(request, person_id):
    user = request.user
    person = selectors.access_person(user, person_id, write=True)
    form = forms.TransferForm(
        request.POST or None, user=user, current=person.organization, initial={"on": dt.date.today()}
    )

    def action(p):
        d = form.cleaned_data
        services.membership_transfer(actor=user, person=p, target=d["target"], on=d["on"], reason=d["reason"])

    return _person_action(request, person, form, "组织关系转接", action, "已完成组织关系转接。")


def post_create(request, person_id):
    user = request.user
    person = selectors.access_person(user, person_id, write=True)
    form = forms.CadrePostForm(
        request.POST or None, user=user, initial={"organization": person.organization_id}
    )

    def action(p):
        d = form.cleaned_data
        services.cadre_post_create(
            actor=user, person=p, organization=d["organization"], post=d["post"], started_on=d["started_on"]
        )

    return _person_action(request, person, form, "新增党务职务", action, "已新增职务。")


def post_end(request, post_id):
    user = request.user
    post = selectors.access_post(user, post_id, write=True)
    form = forms.CadrePostEndForm(request.POST or None, initial={"ended_on": dt.date.today()})

    def action(_p):
        d = form.cleaned_data
        services.cadre_post_end(actor=user, post=post, ended_on=d["ended_on"], reason=d["reason"])

    return _person_action(
        request,
        post.person,
        form,
        f"免去{post.get_post_display()}（{post.organization}）",
        action,
        "已免去该职务。",
    )
