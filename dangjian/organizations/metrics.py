"""Organisation figures at the end of the period."""

from django.db.models import Count

from dangjian.core.metrics import MetricResult, metric, shared
from dangjian.core.periods import in_force_on
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization, Unit

COLUMNS = {
    "组织名称": "name",
    "类别": "get_kind_display",
    "所属单位": "unit.name",
    "成立日期": "established_on",
}


def orgs_at(scope, period, kind=None):
    qs = (
        PartyOrganization.objects.filter(path__under=scope.path)
        .filter(in_force_on(period.end, start="established_on", end="dissolved_on", open_start=True))
        .select_related("unit")
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def _register(kind: OrgKind):
    @metric(f"orgs_{kind.value}", f"{kind.label}数", unit="个", section="组织情况")
    def _fn(scope, period):
        # The four figures of a report share one count by kind (the same organisations as `qs`).
        counts = shared(
            ("organizations.kind_counts", scope.path, period.end),
            lambda: dict(orgs_at(scope, period).values_list("kind").annotate(n=Count("id")).order_by()),
        )
        return MetricResult(counts.get(kind.value, 0), orgs_at(scope, period, kind), COLUMNS)

    return _fn


for _kind in (OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.PARTY_GROUP):
    _register(_kind)


@metric("units", "单位数", unit="个", section="组织情况")
def units(scope, period):
    qs = Unit.objects.filter(id__in=orgs_at(scope, period).values("unit_id"), parent__isnull=True).exclude(
        category="committee"
    )
    return MetricResult(qs.count(), qs, {"单位名称": "name", "类别": "get_category_display"})


@metric("subordinate_units", "下属单位数", unit="个", section="组织情况")
def subordinate_units(scope, period):
    qs = Unit.objects.filter(id__in=orgs_at(scope, period).values("unit_id"), parent__isnull=False)
    return MetricResult(qs.count(), qs, {"单位名称": "name", "上级单位": "parent.name"})
