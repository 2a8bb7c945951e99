"""Pages of study materials (学习材料): the year's totals and distributions, recording a material
and its distributions. Thin: reads through selectors, writes through services; outside scope
is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import redirect, render

from dangjian.core.errors import ApplicationError
from dangjian.core.forms import apply_error
from dangjian.materials import selectors, services
from dangjian.materials.forms import DistributionForm, MaterialForm
from dangjian.organizations import scoping

PAGE_SIZE = 50


def _require_subtree(user) -> None:
    scoping.require(bool(scoping.scope_of(user).read_paths))


def _year(request) -> int:
    from django.utils import timezone

    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def material_list(request):
    user = request.user
    _require_subtree(user)
    year = _year(request)
    totals = selectors.material_totals(actor=user, year=year)
    page = Paginator(selectors.distribution_list(actor=user, year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    scope = scoping.scope_of(user)
    return render(
        request,
        "materials/material_list.html",
        {"year": year, "totals": totals, "page": page, "committee": scope.committee},
    )


def material_create(request):
    user = request.user
    scoping.require(scoping.scope_of(user).committee)
    from django.utils import timezone

    form = MaterialForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            material = services.material_create(actor=user, **form.cleaned_data)
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已登记学习材料《{material.title}》。")
            return redirect("materials:detail", material.pk)
    return render(request, "materials/material_form.html", {"form": form})


def material_detail(request, material_id):
    user = request.user
    _require_subtree(user)
    material = selectors.material_get(actor=user, material_id=material_id)
    may_distribute = bool(scoping.scope_of(user).write_paths)
    form = None
    if request.method == "POST":
        scoping.require(may_distribute)
        form = DistributionForm(request.POST, actor=user)
        if form.is_valid():
            try:
                row = services.distribution_create(actor=user, material=material, **form.cleaned_data)
            except ApplicationError as e:
                apply_error(form, e)
            else:
                messages.success(request, f"已登记配发：{row.unit.name} {row.copies}册。")
                return redirect("materials:detail", material.pk)
    elif may_distribute:
        form = DistributionForm(actor=user)
    rows = selectors.distribution_list(actor=user, material=material)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    total = rows.aggregate(n=Sum("copies"))["n"] or 0
    return render(
        request,
        "materials/material_detail.html",
        {
            "material": material,
            "form": form,
            "page": page,
            "total": total,
            "committee": scoping.scope_of(user).committee,
        },
    )
