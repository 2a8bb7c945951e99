"""Pages of the party tree (everyone, scoped) and the working committee's management of units and
organisations (committee staff only: 403 for everyone else, whatever the object)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dangjian.core.forms import run_service
from dangjian.organizations import forms, scoping, selectors, services
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.organizations.scoping import committee_required

SEARCH_LIMIT = 50
OPTIONS_LIMIT = 30


# --- the tree (any role, scoped) -------------------------------------------------------------


@require_GET
def tree(request):
    user = request.user
    roots = selectors.annotate_tree_nodes(list(selectors.org_roots(actor=user)))
    if len(roots) == 1 and roots[0].has_children:  # open the single root one level
        roots[0].children_nodes = selectors.annotate_tree_nodes(
            list(selectors.org_children(actor=user, org=roots[0]))
        )
    q = request.GET.get("q", "").strip()[:50]
    results, total = selectors.org_search(actor=user, q=q, limit=SEARCH_LIMIT) if q else ([], 0)
    return render(
        request,
        "organizations/tree.html",
        {"roots": roots, "q": q, "results": results, "total": total, "limit": SEARCH_LIMIT},
    )


@require_GET
def children(request, org_id):
    org = scoping.access_org(request.user, org_id)
    nodes = selectors.annotate_tree_nodes(list(selectors.org_children(actor=request.user, org=org)))
    return render(request, "organizations/_tree_nodes.html", {"nodes": nodes})


@require_GET
def detail(request, org_id):
    user = request.user
    org = scoping.access_org(user, org_id)
    selectors.annotate_tree_nodes([org])
    kids = selectors.annotate_tree_nodes(list(selectors.org_children(actor=user, org=org)))
    parent_visible = bool(org.parent_id) and scoping.can_read_path(user, org.parent.path)
    return render(
        request,
        "organizations/detail.html",
        {
            "org": org,
            "kids": kids,
            "parent_visible": parent_visible,
            "committee": scoping.scope_of(user).committee,
            **selectors.org_detail_parts(actor=user, org=org),
        },
    )


@require_GET
def org_options(request):
    """<option>s for the organisation picker: the actor's visible active organisations by name;
    with ?move=<id>, only the valid new parents of that organisation, by their full names."""
    q = request.GET.get("q", "").strip()[:50]
    kinds = [k for k in request.GET.get("kinds", "").split(",") if k in OrgKind.values]
    if request.GET.get("move"):
        moved = scoping.access_org(request.user, request.GET["move"])
        qs = selectors.move_targets(actor=request.user, org=moved, q=q)
        orgs = selectors.with_crumbs(actor=request.user, orgs=list(qs[:OPTIONS_LIMIT])) if q else []
        return render(
            request,
            "organizations/_org_options.html",
            {"options": [(o.pk, o.full_name) for o in orgs], "q": q},
        )
    qs = selectors.org_list(actor=request.user, q=q)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    options = [(o.pk, forms.org_label(o)) for o in qs[:OPTIONS_LIMIT]] if q else []
    return render(request, "organizations/_org_options.html", {"options": options, "q": q})


# --- units (committee) -----------------------------------------------------------------------


@committee_required
def unit_list(request):
    q = request.GET.get("q", "").strip()[:50]
    units = list(selectors.unit_list(actor=request.user, q=q))
    if not q:  # subordinate units right under their parent
        by_parent: dict[int | None, list] = {}
        for u in units:
            by_parent.setdefault(u.parent_id, []).append(u)
        ordered = []

        def walk(parent_id, level):
            for u in by_parent.get(parent_id, []):
                u.level = level
                ordered.append(u)
                walk(u.pk, level + 1)

        walk(None, 0)
        units = ordered
    return render(request, "organizations/unit_list.html", {"units": units, "q": q})


@committee_required
def unit_create(request):
    form = forms.UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = run_service(form, services.unit_create, actor=request.user, **form.cleaned_data)
        if unit is not None:
            messages.success(request, f"单位“{unit.name}”已创建。")
            return redirect("organizations:unit_list")
    return render(request, "organizations/unit_form.html", {"form": form, "unit": None})


@committee_required
def unit_edit(request, unit_id):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    form = forms.UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.unit_update, actor=request.user, unit=unit, **form.cleaned_data):
            messages.success(request, f"单位“{unit.name}”已保存。")
            return redirect("organizations:unit_list")
    return render(request, "organizations/unit_form.html", {"form": form, "unit": unit})


# --- organisations (committee) ---------------------------------------------------------------


@committee_required
def org_list(request):
    f = {k: request.GET.get(k, "").strip()[:50] for k in ("q", "kind", "inactive")}
    kind = f["kind"] if f["kind"] in OrgKind.values else ""
    qs = selectors.org_list(actor=request.user, q=f["q"], kind=kind, include_inactive=bool(f["inactive"]))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "organizations/org_list.html", {"page": page, "f": f, "kinds": OrgKind.choices})


@committee_required
def org_create(request):
    form = forms.OrgCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        org = run_service(form, services.org_create, actor=request.user, **form.cleaned_data)
        if org is not None:
            messages.success(request, f"党组织“{org.name}”已创建。")
            return redirect("organizations:detail", org.pk)
    return render(request, "organizations/org_form.html", {"form": form, "org": None})


@committee_required
def org_edit(request, org_id):
    org = scoping.access_org(request.user, org_id, write=True)
    form = forms.OrgEditForm(request.POST or None, actor=request.user, instance=org)
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.org_update, actor=request.user, org=org, **form.cleaned_data):
            messages.success(request, f"党组织“{org.name}”已保存。")
            return redirect("organizations:detail", org.pk)
    return render(request, "organizations/org_form.html", {"form": form, "org": org})


def _active_org(request, org_id) -> PartyOrganization:
    org = scoping.access_org(request.user, org_id, write=True)
    if not org.is_active:
        messages.error(request, f"党组织“{org.name}”已撤销，不能再操作。")
    return org


@committee_required
def org_move(request, org_id):
    org = _active_org(request, org_id)
    form = forms.OrgMoveForm(request.POST or None, actor=request.user, org=org)
    if request.method == "POST" and org.is_active and form.is_valid():
        moved = run_service(
            form, services.org_move, actor=request.user, org=org, new_parent=form.cleaned_data["parent"]
        )
        if moved is not None:
            messages.success(
                request, f"已将“{org.name}”及其下级组织移至“{form.cleaned_data['parent'].name}”之下。"
            )
            return redirect("organizations:detail", org.pk)
    return render(request, "organizations/org_move.html", {"form": form, "org": org})


@committee_required
def org_merge(request, org_id):
    org = _active_org(request, org_id)
    form = forms.OrgMergeForm(request.POST or None, actor=request.user)
    if request.method == "POST" and org.is_active and form.is_valid():
        target = run_service(
            form,
            services.org_merge,
            actor=request.user,
            source=org,
            target=form.cleaned_data["target"],
            on=form.cleaned_data["on"],
        )
        if target is not None:
            messages.success(request, f"“{org.name}”已并入“{target.name}”。")
            return redirect("organizations:detail", target.pk)
    return render(request, "organizations/org_merge.html", {"form": form, "org": org})


@committee_required
def org_dissolve(request, org_id):
    org = _active_org(request, org_id)
    form = forms.OrgDissolveForm(request.POST or None)
    if request.method == "POST" and org.is_active and form.is_valid():
        if run_service(form, services.org_dissolve, actor=request.user, org=org, on=form.cleaned_data["on"]):
            messages.success(request, f"党组织“{org.name}”已撤销。")
            return redirect("organizations:detail", org.pk)
    return render(request, "organizations/org_dissolve.html", {"form": form, "org": org})
