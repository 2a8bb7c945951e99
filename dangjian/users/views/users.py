"""The working committee's management of users and role grants (committee staff only, 403 for
everyone else, as the organisation management pages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core.errors import ApplicationError
from dangjian.core.forms import run_service
from dangjian.organizations import scoping
from dangjian.organizations.scoping import committee_required
from dangjian.people import services as people_services
from dangjian.people.models import Person
from dangjian.users import errors, services
from dangjian.users.forms import GrantForm, UserCreateForm


def _active_grants() -> Prefetch:
    return Prefetch(
        "grants",
        queryset=RoleGrant.objects.filter(revoked_at__isnull=True).select_related("organization"),
        to_attr="active_grants",
    )


def _user_get(actor, user_id) -> User:
    return scoping.access_user(actor, user_id)


@committee_required
def user_list(request):
    f = {k: request.GET.get(k, "").strip()[:50] for k in ("q", "role", "state")}
    qs = scoping.users_visible(request.user).order_by("username")
    if f["q"]:
        qs = qs.filter(Q(username__icontains=f["q"]) | Q(display_name__contains=f["q"]))
    if f["role"] in Role.values:
        qs = qs.filter(grants__role=f["role"], grants__revoked_at__isnull=True).distinct()
    if f["state"] in ("active", "inactive"):
        qs = qs.filter(is_active=f["state"] == "active")
    page = Paginator(qs.prefetch_related(_active_grants()), 50).get_page(request.GET.get("page"))
    return render(request, "users/user_list.html", {"page": page, "f": f, "roles": Role.choices})


def _find_person(form, actor, number: str):
    try:
        person = people_services.person_find_by_id_number(number)
    except ApplicationError as e:
        form.add_error("id_number", e.message)
        return None
    if person is None or not Person.objects.filter(scoping.person_q(actor), pk=person.pk).exists():
        form.add_error("id_number", errors.ERR_PERSON_NOT_FOUND)
        return None
    linked = User.objects.filter(person=person).first()
    if linked is not None:
        form.add_error("id_number", errors.ERR_PERSON_LINKED.format(username=linked.username))
        return None
    return person


@never_cache
@committee_required
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = _find_person(form, request.user, data["id_number"]) if data["id_number"] else None
        if not form.errors:
            result = run_service(
                form,
                services.user_create,
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                person=person,
            )
            if result is not None:
                user, password = result
                # The initial password is shown on this response only; it is never stored in clear.
                return render(request, "users/user_created.html", {"new_user": user, "password": password})
    return render(request, "users/user_form.html", {"form": form})


def _detail(request, target: User, grant_form=None, status=200):
    grants = (
        RoleGrant.objects.filter(user=target)
        .select_related("organization", "granted_by")
        .order_by("revoked_at", "-created_at")
    )
    return render(
        request,
        "users/user_detail.html",
        {
            "target": target,
            "grants": grants,
            "grant_form": grant_form or GrantForm(actor=request.user),
            "is_self": target.pk == request.user.pk,
        },
        status=status,
    )


@committee_required
def user_detail(request, user_id):
    return _detail(request, _user_get(request.user, user_id))


@require_POST
@committee_required
def user_set_active(request, user_id):
    target = _user_get(request.user, user_id)
    active = request.POST.get("active") == "1"
    if target.pk == request.user.pk and not active:
        messages.error(request, "不能停用自己的账号。")
        return redirect("accounts:user_detail", target.pk)
    services.user_set_active(actor=request.user, user=target, active=active)
    messages.success(request, f"账号“{target.username}”已{'启用' if active else '停用'}。")
    return redirect("accounts:user_detail", target.pk)


@require_POST
@committee_required
def grant_add(request, user_id):
    target = _user_get(request.user, user_id)
    form = GrantForm(request.POST, actor=request.user)
    if form.is_valid():
        grant = run_service(
            form,
            services.grant_create,
            actor=request.user,
            user=target,
            role=form.cleaned_data["role"],
            organization=form.cleaned_data["organization"],
        )
        if grant is not None:
            messages.success(request, f"已授予“{grant.get_role_display()}”（{grant.organization.name}）。")
            return redirect("accounts:user_detail", target.pk)
    return _detail(request, target, grant_form=form)


@require_POST
@committee_required
def grant_revoke(request, grant_id):
    grant = scoping.grants_visible(request.user).filter(pk=grant_id, revoked_at__isnull=True).first()
    if grant is None or not scoping.can_grant_on(request.user, grant.organization.path):
        raise Http404("授权不存在或已撤销。")
    services.grant_revoke(actor=request.user, grant=grant)
    messages.success(request, f"已撤销“{grant.get_role_display()}”（{grant.organization.name}）。")
    return redirect("accounts:user_detail", grant.user_id)
