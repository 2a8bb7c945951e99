"""Pages of cadence compliance (三会一课落实情况) and central group study (中心组学习). Thin: reads
through cadence.py / selectors/central_group.py, writes through services/central_group.py;
scope through organizations.scoping (outside scope = 404)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import ApplicationError
from dangjian.core.excel import Column, SheetSpec, content_disposition, write_workbook
from dangjian.core.forms import apply_error
from dangjian.core.models import AuditAction
from dangjian.meetings import cadence
from dangjian.meetings.enums import MeetingKind
from dangjian.meetings.forms.cadence import (
    CentralGroupFilterForm,
    CentralGroupMarkForm,
    PeriodForm,
)
from dangjian.meetings.selectors import central_group as sx
from dangjian.meetings.services import central_group as central_group_services
from dangjian.meetings.years import year_choice
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.organizations.enums import OrgKind

PAGE_SIZE = 50
ORG_KIND_SHORT: dict[str, str] = {OrgKind.BRANCH: "党支部", OrgKind.PARTY_GROUP: "党小组"}


def _require_subtree(user) -> None:
    scoping.require(bool(scoping.scope_of(user).read_paths))


def _scope_org(request, params):
    """The organisation whose subtree is shown: ?org= (404 outside scope) or the actor's top node."""
    user = request.user
    _require_subtree(user)
    if params.get("org"):
        return scoping.access_org(user, params.get("org"))
    root = org_selectors.org_roots(actor=user).order_by("path").first()
    scoping.require(root is not None)
    return root


def _org_options(user, current) -> list[tuple[int, str]]:
    """Committees, general branches and the roots of the actor's scope (branches are reached
    through ?org= links from the table)."""
    qs = (
        scoping.orgs_visible(user)
        .filter(is_active=True)
        .exclude(kind__in=[OrgKind.BRANCH, OrgKind.PARTY_GROUP])
        .order_by("path")
    )
    rows = list(qs.values_list("id", "name", "depth")[:500])
    if current.pk not in {r[0] for r in rows}:
        rows.insert(0, (current.pk, current.name, current.depth))
    top = min(d for _i, _n, d in rows)
    return [(pk, "\u3000" * (depth - top) + name) for pk, name, depth in rows]


def _cell_text(cell) -> str:
    if cell is None:
        return "—"
    if not cell.judged:
        return "未到考核期"
    if cell.ok:
        return f"达标 {cell.met}/{cell.required}"
    return f"未达标 {cell.met}/{cell.required}（缺：{cell.missing_labels}）"


# --- cadence compliance --------------------------------------------------------------------------


def cadence_page(request):
    user = request.user
    org = _scope_org(request, request.GET)
    form = PeriodForm(request.GET or None)
    year, years = year_choice(request.GET.get("year"))
    start, end, period_label = form.window(default_year=year)
    result = cadence.compliance_cached(org_path=org.path, start=start, end=end)
    rows = [r for r in result.rows if r.judged]
    if form.is_valid() and form.cleaned_data.get("only_missing"):
        rows = [r for r in rows if not r.ok]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = result.rules
    table = [(r, [r.cells.get(rule.kind) for rule in kinds]) for r in page.object_list]
    scope = scoping.scope_of(user)
    return render(
        request,
        "meetings/cadence_page.html",
        {
            "org": org,
            "form": form,
            "years": years,
            "period_label": period_label,
            "start": start,
            "end": end,
            "result": result,
            "rules": kinds,
            "table": table,
            "page": page,
            "org_options": _org_options(user, org),
            "by_kind": [(rule, result.by_kind[rule.kind]) for rule in kinds],
            "charts": _unit_charts(user, result, request.GET)
            if scope.committee and len(result.by_unit) > 1
            else [],
            "unit_rows": result.units_by_rate() if scope.committee else [],
            "confidence_labels": cadence.CONFIDENCE_LABELS,
            "kind_short": ORG_KIND_SHORT,
            "show_overdue": bool(scope.write_paths),
            "params": {k: v for k, v in request.GET.items() if k != "page"},
        },
    )


def _unit_charts(user, result, params) -> list[dict]:
    """The per-unit charts, each bar linking to this page for the unit's party organisation."""
    tops = org_selectors.unit_top_orgs(actor=user, unit_ids=[u.id for u in result.by_unit])
    keep = {k: v for k, v in params.items() if k in ("year", "month_from", "month_to")}
    url = reverse("meetings:cadence")
    links = {unit: f"{url}?{urlencode({**keep, 'org': org})}" for unit, org in tops.items()}
    for u in result.by_unit:
        u.link = links.get(u.id, "")
    return result.unit_charts(links=links)


@require_POST
def cadence_export(request):
    user = request.user
    org = _scope_org(request, request.POST)
    form = PeriodForm(request.POST)
    start, end, period_label = form.window(default_year=year_choice(request.POST.get("year"))[0])
    result = cadence.compliance_cached(org_path=org.path, start=start, end=end)
    kinds = result.rules
    labels: dict[str, str] = dict(MeetingKind.choices)
    rows = [r for r in result.rows if r.judged]
    table = SheetSpec(
        name="落实情况",
        title=f"{org.name}“三会一课”落实情况（{period_label}）",
        columns=[Column("党组织", 30), Column("类别", 8), Column("单位", 24)]
        + [Column(labels.get(r.kind, r.kind), 22) for r in kinds]
        + [Column("全部达标", 8)],
        rows=[
            [r.name, ORG_KIND_SHORT.get(r.kind, r.kind), r.unit_name]
            + [_cell_text(r.cells.get(k.kind)) for k in kinds]
            + [r.ok]
            for r in rows
        ],
    )
    units = SheetSpec(
        name="按单位",
        columns=[
            Column("单位", 30),
            Column("应开展（期）", 12),
            Column("已达标（期）", 12),
            Column("落实率（%）", 12),
            Column("组织数", 10),
            Column("全部达标组织数", 14),
        ],
        rows=[
            [u.name, u.total.required, u.total.met, u.total.percent, u.total.orgs, u.total.orgs_ok]
            for u in result.by_unit
        ],
    )
    rules = SheetSpec(
        name="频次规则",
        columns=[
            Column("类型", 16),
            Column("周期", 10),
            Column("每周期至少", 10),
            Column("依据", 60),
            Column("确定性", 20),
        ],
        rows=[
            [
                labels.get(r.kind, r.kind),
                r.get_period_display() if hasattr(r, "get_period_display") else r.period,
                r.min_count,
                r.source,
                cadence.CONFIDENCE_LABELS.get(r.confidence, r.confidence),
            ]
            for r in kinds
        ],
    )
    data = write_workbook([table, units, rules])
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="meetings.cadence",
        object_id=str(org.pk),
        object_repr=f"三会一课落实情况：{org.name} {period_label}",
        org_path=org.path,
        changes={"rows": [None, len(rows)], "period": [None, f"{start.isoformat()}~{end.isoformat()}"]},
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition(f"三会一课落实情况_{org.name}_{period_label}.xlsx")
    return response


def cadence_overdue(request):
    org = _scope_org(request, request.GET)
    items = cadence.overdue_cached(org_path=org.path)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/cadence_overdue.html",
        {
            "org": org,
            "page": page,
            "count": len(items),
            "org_options": _org_options(request.user, org),
            "orgs_count": len({i.org_id for i in items}),
            "planned_count": sum(1 for i in items if i.planned),
            "writable": {
                i.org_id for i in page.object_list if scoping.can_write_path(request.user, i.org_path)
            },
        },
    )


# --- central group study -------------------------------------------------------------------------


def _create_url() -> str:
    return reverse("meetings:create") + f"?kind={MeetingKind.CENTRAL_GROUP.value}"


def central_group_list(request):
    user = request.user
    _require_subtree(user)
    units = list(scoping.units_visible(user).exclude(category="committee").order_by("sort_order", "id"))
    form = CentralGroupFilterForm(request.GET or None, units=units)
    year, years = year_choice(request.GET.get("year"))
    f = form.values(default_year=year)
    qs = sx.central_group_sessions(actor=user, **f)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/central_group_list.html",
        {
            "form": form,
            "f": f,
            "years": years,
            "page": page,
            "summary": sx.central_group_summary(actor=user, year=f["year"]),
            "committee": scoping.scope_of(user).committee,
            "create_url": _create_url(),
        },
    )


def central_group_detail(request, meeting_id):
    user = request.user
    meeting = sx.central_group_get(actor=user, meeting_id=meeting_id)
    committee = scoping.scope_of(user).committee
    form = None
    if request.method == "POST":
        scoping.require(committee)
        form = CentralGroupMarkForm(request.POST, actor=user, meeting=meeting)
        if form.is_valid():
            try:
                central_group_services.central_group_mark(
                    actor=user,
                    meeting=meeting,
                    committee_attended=form.cleaned_data["committee_attended"],
                    observers=form.cleaned_data["observers"],
                )
            except ApplicationError as e:
                apply_error(form, e)
            else:
                messages.success(request, "已保存工委列席情况。")
                return redirect("meetings:central_group_detail", meeting.pk)
    elif committee:
        form = CentralGroupMarkForm(actor=user, meeting=meeting)
    return render(
        request,
        "meetings/central_group_detail.html",
        {"meeting": meeting, "form": form, "observers": list(meeting.observers.order_by("name_pinyin"))},
    )
