"""Cadence compliance (三会一课落实情况): which organisations held the required meetings in each
period, for any subtree and any date range. Pure selectors: no writes, no scoping (callers pass a
path they have already checked; "" means the whole tree).

How a period is judged (the edge rules):
- The rules are the active CadenceRule rows (rules.md §2a): a kind, a period (calendar month,
  quarter or year), a minimum count and who holds the meeting ("branch" → 党支部, "party_group" →
  党小组).
- A period is judged only when it lies wholly inside [start, end] and has ended before `today`
  (the running month is not "missing" yet; see `overdue` for that). A month range that contains
  no whole quarter therefore judges no quarterly rule.
- An organisation is judged for a period only if it existed for the WHOLE period:
  established_on <= the period's first day (empty = always existed) and dissolved_on (the first day
  it no longer exists; empty = still exists) after the period's last day. A branch founded on
  2023-05-10 is judged from June (monthly), Q3 (quarterly) and not for 2023 (yearly); founded on
  2023-05-01 it is judged from May. An inactive organisation without a dissolution date is skipped.
- Only HELD meetings count (planned and cancelled ones do not); a meeting counts for the local
  (Asia/Shanghai) calendar month of its held_at, so 23:30 on 31 March (15:30 UTC) is March.

Cost: the judging itself is one SQL query (`_verdicts_sql`) over the meeting tally (meetings.tally:
held meetings per organisation, kind and year, twelve local-month columns, kept by database
triggers), joined to the organisations: per organisation and rule, the periods judged, met and
missed. For an organisation that existed through the whole window (nearly all) a period met is one
comparison of tally columns; the date checks are made only for the others, and nothing is computed
for a rule that does not apply to the organisation's kind. `compliance` reads it per organisation
for the pages (plus one query for the organisations' names, one for the rules, none when passed in,
and two index probes that tell whether the subtree is the whole province); `compliance_totals`
judges each reported rule over its own holders and has the database sum the rates, so a report's
five rates cost one query and no Python object per organisation: ~25 ms on the full demo (3,500
branches and party groups, 94,000 held meetings in 18,000 tally rows), ~0.2 s at ten times it
(35,000 organisations; 0.45 s when one row per organisation judged all eight rules). `overdue` reads
the running periods' meetings and the last held meeting of each kind from meeting_cadence_idx
(status, kind, organization, held_at), ~0.2 s for the province; bench/bench_cadence.py,
bench/bench_cadence_pages.py and bench/bench_reports.py measure them (target < 1 s per page, cold).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.bulk import gc_paused
from dangjian.core.periods import in_force_during
from dangjian.meetings import tally
from dangjian.meetings.enums import CadencePeriod, MeetingKind, MeetingStatus
from dangjian.meetings.models import CadenceRule, Meeting, MeetingTally
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.lookups import in_subtree, subtree_path
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import COMMITTEE_POSTS
from dangjian.people.models import CadrePost

HOLDER_KINDS: dict[str, str] = {"branch": OrgKind.BRANCH, "party_group": OrgKind.PARTY_GROUP}
PERIOD_MONTHS: dict[str, int] = {CadencePeriod.MONTH: 1, CadencePeriod.QUARTER: 3, CadencePeriod.YEAR: 12}
CONFIDENCE_LABELS = {
    "confirmed": "已确认",
    "secondary": "二手来源",
    "local practice": "地方通行做法（可配置）",
    "unconfirmed": "未确认",
}


# --- periods -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One calendar period: a month, a quarter or a year."""

    start: dt.date
    end: dt.date  # inclusive
    key: str  # "2023-03", "2023-Q1", "2023"
    label: str  # "2023年3月", "2023年第1季度", "2023年"
    months: tuple[int, ...] = ()  # month indexes (year * 12 + month - 1) it covers

    def __str__(self) -> str:
        return self.label


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_first(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def span_of(period: str, day: dt.date) -> Span:
    """The calendar period of kind `period` that contains `day`."""
    length = PERIOD_MONTHS[period]
    first = month_index(day) - (day.month - 1) % length
    return _span(period, first)


def _span(period: str, first: int) -> Span:
    length = PERIOD_MONTHS[period]
    start = _month_first(first)
    end = _month_first(first + length) - dt.timedelta(days=1)
    if period == CadencePeriod.MONTH:
        key, label = f"{start.year}-{start.month:02d}", f"{start.year}年{start.month}月"
    elif period == CadencePeriod.QUARTER:
        q = (start.month - 1) // 3 + 1
        key, label = f"{start.year}-Q{q}", f"{start.year}年第{q}季度"
    else:
        key, label = str(start.year), f"{start.year}年"
    return Span(start, end, key, label, tuple(range(first, first + length)))


def spans(period: str, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> list[Span]:
    """The whole calendar periods inside [start, end] that ended before `today`."""
    length = PERIOD_MONTHS[period]
    idx = month_index(start)
    idx += (-(idx % length)) % length  # first period boundary on or after start's month
    if _month_first(idx) < start:
        idx += length
    out = []
    while True:
        s = _span(period, idx)
        if s.end > end or (today is not None and s.end >= today):
            break
        out.append(s)
        idx += length
    return out


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


# --- results -------------------------------------------------------------------------------


@dataclass
class Cell:
    """One organisation × one kind: periods judged, periods met, the missing ones."""

    kind: str
    required: int = 0
    met: int = 0
    missing: list[Span] = field(default_factory=list)

    @property
    def judged(self) -> bool:
        return self.required > 0

    @property
    def ok(self) -> bool:
        return self.required > 0 and self.met >= self.required

    @property
    def missing_labels(self) -> str:
        return "、".join(s.label for s in self.missing)


@dataclass
class OrgRow:
    id: int
    name: str
    path: str
    kind: str
    unit_id: int
    unit_name: str
    established_on: dt.date | None
    dissolved_on: dt.date | None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        return len(self.path) // 4

    @property
    def ok(self) -> bool:
        judged = [c for c in self.cells.values() if c.judged]
        return bool(judged) and all(c.ok for c in judged)

    @property
    def judged(self) -> bool:
        return any(c.judged for c in self.cells.values())


@dataclass
class Rate:
    """Two views of compliance: periods met / periods required (`rate`), and organisations that
    met every judged period / organisations judged (`org_rate`). None when nothing was judged."""

    required: int = 0
    met: int = 0
    orgs: int = 0
    orgs_ok: int = 0

    def add(self, required: int, met: int, orgs: int = 1) -> None:
        """Count `orgs` organisations, each judged for `required` periods and met `met` of them."""
        if required:
            self.required += required * orgs
            self.met += met * orgs
            self.orgs += orgs
            self.orgs_ok += orgs if met >= required else 0

    @property
    def rate(self) -> float | None:
        """The exact share; rounded only where it is shown (`percent`)."""
        return self.met / self.required if self.required else None

    @property
    def org_rate(self) -> float | None:
        return self.orgs_ok / self.orgs if self.orgs else None

    @property
    def percent(self) -> float | None:
        """Percent of required periods met, from the exact counts, rounded once to 0.1."""
        return round(self.met * 100 / self.required, 1) if self.required else None

    @property
    def org_percent(self) -> float | None:
        return round(self.orgs_ok * 100 / self.orgs, 1) if self.orgs else None


UNIT_CHART_BARS = 10


@dataclass(frozen=True)
class JudgedOrg:
    """One organisation judged for one kind of meeting: how many periods, met or not, what is missing."""

    id: int
    name: str
    unit_name: str
    required: int
    met: int
    result: str
    missing: str

    @property
    def record_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:detail", args=[self.id])


@dataclass
class UnitRates:
    id: int
    name: str
    sort_key: tuple
    total: Rate = field(default_factory=Rate)  # orgs / orgs_ok count organisations (all kinds met)
    by_kind: dict[str, Rate] = field(default_factory=lambda: defaultdict(Rate))
    link: str = ""  # the page of the unit's compliance, set by the view


@dataclass
class ComplianceResult:
    org_path: str
    start: dt.date
    end: dt.date
    today: dt.date
    rules: list
    rows: list[OrgRow]
    spans: dict[str, list[Span]]  # rule kind -> the periods judged in the window
    by_kind: dict[str, Rate]
    by_unit: list[UnitRates]
    total: Rate  # all kinds together; orgs / orgs_ok count organisations (ok = every judged kind met)

    @property
    def kinds(self) -> list[str]:
        return [r.kind for r in self.rules]

    def rates(self, *, basis: str = "periods") -> dict[str, float | None]:
        return {k: (r.rate if basis == "periods" else r.org_rate) for k, r in self.by_kind.items()}

    def judged_orgs(self, kind: str) -> list[JudgedOrg]:
        """The organisations judged for `kind` in the window, those that missed it first: the
        records behind a compliance rate."""
        out = []
        for row in self.rows:
            cell = row.cells.get(kind)
            if cell is not None and cell.judged:
                out.append(
                    JudgedOrg(
                        row.id,
                        row.name,
                        row.unit_name,
                        cell.required,
                        cell.met,
                        "达标" if cell.ok else "未达标",
                        "" if cell.ok else cell.missing_labels,
                    )
                )
        out.sort(key=lambda o: (o.result == "达标", o.name))
        return out

    def units_by_rate(self) -> list[UnitRates]:
        """The judged units, lowest rate first (then by name)."""
        return sorted(
            (u for u in self.by_unit if u.total.rate is not None), key=lambda u: (u.total.rate, u.name)
        )

    def unit_charts(self, *, links: dict[int, str], n: int = UNIT_CHART_BARS) -> list[dict]:
        """Horizontal bar charts for app.js, percent of required periods met: the lowest `n` units and
        the highest `n` (one chart when there are at most 2n). Each bar links to `links[unit id]`."""
        units = self.units_by_rate()
        groups = (
            [("各单位“三会一课”落实率（%）", units)]
            if len(units) <= 2 * n
            else [(f"落实率最低的{n}个单位（%）", units[:n]), (f"落实率最高的{n}个单位（%）", units[-n:])]
        )
        return [
            {
                "id": "chart-cadence-units" + ("-top" if i else ""),
                "title": title,
                "horizontal": True,
                "categories": [u.name for u in group],
                "values": [u.total.percent for u in group],
                "links": [links.get(u.id, "") for u in group],
            }
            for i, (title, group) in enumerate(groups)
        ]


# --- the computation -----------------------------------------------------------------------


def active_rules() -> list:
    return list(CadenceRule.objects.filter(is_active=True).order_by("id"))


def _rule_order(rules: Iterable) -> list:
    order = {k.value: i for i, k in enumerate(MeetingKind)}
    return sorted(rules, key=lambda r: order.get(r.kind, 99))


def _holders_qs(org_path: str, holders: set[str], start: dt.date, end: dt.date) -> QuerySet:
    """The organisations of kinds `holders` under org_path that existed during [start, end] (an
    inactive one only if it has a dissolution date)."""
    qs = (
        PartyOrganization.objects.filter(kind__in=holders)
        .filter(Q(is_active=True) | Q(dissolved_on__isnull=False))
        .filter(in_force_during(start, end, start="established_on", end="dissolved_on", open_start=True))
    )
    return qs.filter(path__under=org_path) if org_path else qs


def _org_rows(org_path: str, holders: set[str], start: dt.date, end: dt.date) -> list[OrgRow]:
    rows = (
        _holders_qs(org_path, holders, start, end)
        .order_by("path")
        .values_list("id", "name", "path", "kind", "unit_id", "unit__name", "established_on", "dissolved_on")
    )
    return [OrgRow(*r) for r in rows]


# 支委会 is required only of branches that have a committee: a branch of fewer than 7 full members
# has a secretary (and perhaps a deputy) instead (支部工作条例 第六章; rules.md §2b).
COMMITTEE_KINDS = {MeetingKind.COMMITTEE_MEETING}
MIN_COMMITTEE = 3


def _committee_qs(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """The ids of organisations under org_path where at least MIN_COMMITTEE people held committee
    posts during [start, end] (a values queryset: a set in Python, a subquery in SQL)."""
    qs = CadrePost.objects.filter(
        in_force_during(start, end, start="started_on", end="ended_on"), post__in=COMMITTEE_POSTS
    )
    if org_path:
        # the organisations' ids (an index walk per organisation, or one of the whole index), not a
        # join to each post's organisation: 110 -> 22 ms for the province at ten times the demo
        qs = qs.filter(in_subtree(org_path))
    return (
        qs.values("organization_id")
        .annotate(n=Count("person_id", distinct=True))
        .filter(n__gte=MIN_COMMITTEE)
        .values("organization_id")
        .order_by()
    )


def _with_committee(org_path: str, start: dt.date, end: dt.date) -> set[int]:
    return set(_committee_qs(org_path, start, end).values_list("organization_id", flat=True))


# --- the verdicts, in SQL ------------------------------------------------------------------------
# The judging rule (module docstring) is written once, as SQL over the meeting tally: for every
# organisation and rule, how many periods were judged, how many met, and which were missed (a bit
# per period). `compliance` reads it per organisation for the pages; `compliance_totals` sums the
# same rows in the database for the report, so a province's rates cost one query, not one Python
# object per organisation and kind.

MASK_BITS = 62  # periods per mask column: a signed 64-bit integer on both databases


@dataclass(frozen=True)
class _Plan:
    rule: CadenceRule
    holder: str  # the organisation kind that holds it
    spans: list[Span]

    @property
    def chunks(self) -> int:
        """Mask columns: one per MASK_BITS periods (a monthly rule over five years needs one)."""
        return max(1, -(-len(self.spans) // MASK_BITS))


def _plans(rules, start: dt.date, end: dt.date, today: dt.date) -> list[_Plan]:
    return [_Plan(r, HOLDER_KINDS[r.holder], spans(r.period, start, end, today=today)) for r in rules]


MAX_JOINS = 48  # tally joins per query: SQLite joins at most 64 tables


def _joins(plan: _Plan) -> int:
    """The tally rows a plan joins: one per year of its periods."""
    return len({m // 12 for s in plan.spans for m in s.months})


def _batches(plans: list[_Plan]) -> list[list[_Plan]]:
    """The plans split so that no query joins more than MAX_JOINS tally rows (one per plan and year):
    a year's window is one query; only windows of many years take more."""
    out: list[list[_Plan]] = [[]]
    joins = 0
    for plan in plans:
        n = _joins(plan)
        if out[-1] and joins + n > MAX_JOINS:
            out.append([])
            joins = 0
        out[-1].append(plan)
        joins += n
    return out


def _verdicts_sql(
    plans: list[_Plan], orgs: QuerySet, committees: QuerySet | None, *, masks: bool = True
) -> tuple[str, list]:
    """SELECT id, then per plan k: req{k} (periods judged; -1 where the rule does not apply to the
    organisation), met{k} (periods with at least min_count held meetings) and, with `masks`,
    miss{k}_{c} (bit i set when period c * MASK_BITS + i was judged and missed); one row per
    organisation of `orgs`.

    A period is judged when the organisation existed for the whole of it; its held meetings are the
    sum of the tally's months it covers (a year's row per organisation and kind, LEFT JOINed: no row,
    no meetings). Most organisations existed for the whole window: for them every period is judged,
    and a period met is one comparison of the tally's columns, summed (a missing row gives NULL, so
    COALESCE once per year rather than once per month). The date checks are evaluated only for the
    others, and nothing at all for a rule that does not apply (a party group is judged by one rule
    of eight): a CASE evaluates only the branch it takes."""
    qn = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value
    as_int = (lambda e: f"({e})") if connection.vendor == "sqlite" else (lambda e: f"({e})::int")
    tally_table = qn(MeetingTally._meta.db_table)
    orgs_sql, orgs_params = (
        orgs.values("id", "kind", "established_on", "dissolved_on").order_by().query.sql_with_params()
    )
    all_spans = [s for plan in plans for s in plan.spans]
    existed = "(o.established_on IS NULL OR o.established_on <= %s) AND (o.dissolved_on IS NULL OR o.dissolved_on > %s)"
    # Parameters are collected in the order their placeholders appear: select list, FROM, joins.
    cols: list[str] = ["o.id"]
    params: list = []

    def add(sql: str, *values) -> None:
        cols.append(sql)
        params.extend(values)

    first = day(min(s.start for s in all_spans)) if all_spans else None
    last = day(max(s.end for s in all_spans)) if all_spans else None
    joins: list[str] = []
    join_params: list = []
    if committees is not None and any(p.rule.kind in COMMITTEE_KINDS for p in plans):
        # joined once (the database builds it once), not a subquery in every place that asks
        c_sql, c_params = committees.query.sql_with_params()
        joins.append(f"LEFT JOIN ({c_sql}) cm ON cm.organization_id = o.id")
        join_params += list(c_params)
    for k, plan in enumerate(plans):
        applies = "o.kind = %s"
        applies_params: list = [plan.holder]
        if plan.rule.kind in COMMITTEE_KINDS and committees is not None:
            applies += " AND cm.organization_id IS NOT NULL"
        years = sorted({m // 12 for s in plan.spans for m in s.months})
        for y in years:
            # only the holders' rows are looked up: a party group is judged by one rule of eight
            joins.append(
                f"LEFT JOIN {tally_table} t{k}_{y} ON o.kind = %s AND t{k}_{y}.organization_id = o.id"
                f" AND t{k}_{y}.kind = %s AND t{k}_{y}.year = %s"
            )
            join_params += [plan.holder, plan.rule.kind, y]
        need = int(plan.rule.min_count)
        held = [
            " + ".join(f"t{k}_{m // 12}.{tally.MONTHS[m % 12]}" for m in s.months) for s in plan.spans
        ]  # NULL when the year's row is missing
        judged = f"({existed})"  # whether it existed through a period: one pair of dates each
        judged_params: list = []
        for s in plan.spans:
            judged_params += [day(s.start), day(s.end)]
        if not plan.spans:
            add(f"CASE WHEN {applies} THEN 0 ELSE -1 END AS req{k}", *applies_params)
            add(f"0 AS met{k}")
            if masks:
                cols.extend(f"0 AS miss{k}_{c}" for c in range(plan.chunks))
            continue
        # req: every period if the organisation existed throughout, else those it existed for
        add(
            f"CASE WHEN NOT ({applies}) THEN -1 WHEN {existed} THEN {len(plan.spans)}"
            f" ELSE {' + '.join(as_int(judged) for _ in plan.spans)} END AS req{k}",
            *applies_params,
            first,
            last,
            *judged_params,
        )
        # met: per year of the window, the periods met (NULL without a row: none)
        by_year: dict[int, list[str]] = {}
        for s, h in zip(plan.spans, held, strict=True):
            by_year.setdefault(s.months[0] // 12, []).append(as_int(f"{h} >= {need}"))
        whole = " + ".join(f"COALESCE({' + '.join(v)}, 0)" for v in by_year.values())
        partial = " + ".join(
            f"CASE WHEN {judged} AND COALESCE({h}, 0) >= {need} THEN 1 ELSE 0 END" for h in held
        )
        add(
            f"CASE WHEN NOT ({applies}) THEN 0 WHEN {existed} THEN {whole} ELSE {partial} END AS met{k}",
            *applies_params,
            first,
            last,
            *judged_params,
        )
        if not masks:
            continue
        for c in range(plan.chunks):
            whole_bits, terms, terms_params = [], [], []
            for i in range(c * MASK_BITS, min(len(plan.spans), (c + 1) * MASK_BITS)):
                bit = 1 << (i - c * MASK_BITS)
                whole_bits.append(f"CASE WHEN COALESCE({held[i]}, 0) < {need} THEN {bit} ELSE 0 END")
                terms.append(f"CASE WHEN {judged} AND COALESCE({held[i]}, 0) < {need} THEN {bit} ELSE 0 END")
                terms_params += [day(plan.spans[i].start), day(plan.spans[i].end)]
            add(
                f"CASE WHEN NOT ({applies}) THEN 0 WHEN {existed} THEN {' + '.join(whole_bits)}"
                f" ELSE {' + '.join(terms)} END AS miss{k}_{c}",
                *applies_params,
                first,
                last,
                *terms_params,
            )
    sql = f"SELECT {', '.join(cols)} FROM ({orgs_sql}) o {' '.join(joins)}"  # noqa: S608 - names and numbers from this module; values are parameters
    return sql, [*params, *orgs_params, *join_params]


def _verdict_queries(
    org_path: str, start: dt.date, end: dt.date, plans: list[_Plan], *, masks: bool = True
) -> list[tuple[str, list]]:
    """The verdicts' SQL for the holders of `plans` under org_path: one query per batch of plans
    (one for a year's window)."""
    orgs = _holders_qs(org_path, {p.holder for p in plans}, start, end)
    committees = (
        _committee_qs(org_path, start, end) if any(p.rule.kind in COMMITTEE_KINDS for p in plans) else None
    )
    return [_verdicts_sql(batch, orgs, committees, masks=masks) for batch in _batches(plans)]


def _judge(*, org_path: str, start: dt.date, end: dt.date, rules, today: dt.date | None) -> ComplianceResult:
    today = today or timezone.localdate()
    rules = _usable_rules(rules)
    plans = _plans(rules, start, end, today)
    by_kind = {r.kind: Rate() for r in rules}
    total = Rate()
    holders = {p.holder for p in plans}
    # the province's organisations read by kind, not by a walk of every path in the province
    subtree = subtree_path(org_path) if rules else org_path
    rows = _org_rows(subtree, holders, start, end) if rules else []
    verdicts: dict[int, tuple] = {}
    for sql, params in _verdict_queries(subtree, start, end, plans) if rows else []:
        for org_id, *columns in _execute(sql, params):
            verdicts[org_id] = verdicts.get(org_id, ()) + tuple(columns)
    units: dict[int, UnitRates] = {}
    for row in rows:
        unit = units.get(row.unit_id)
        if unit is None:
            unit = units[row.unit_id] = UnitRates(row.unit_id, row.unit_name, (row.path, row.unit_id))
        values = verdicts[row.id]
        row_required = row_met = 0
        col = 0
        for plan in plans:
            required, met, masks = values[col], values[col + 1], values[col + 2 : col + 2 + plan.chunks]
            col += 2 + plan.chunks
            if required < 0:
                continue
            kind = plan.rule.kind
            cell = row.cells[kind] = Cell(kind, required, met)
            if required > met:
                cell.missing = [
                    s for i, s in enumerate(plan.spans) if masks[i // MASK_BITS] >> (i % MASK_BITS) & 1
                ]
            if required:
                by_kind[kind].add(required, met)
                unit.by_kind[kind].add(required, met)
                row_required += required
                row_met += met
        # met <= required for each kind, so the organisation met every judged kind iff the sums match.
        unit.total.add(row_required, row_met)
        total.add(row_required, row_met)
    by_unit = sorted(units.values(), key=lambda u: u.sort_key)
    return ComplianceResult(
        org_path=org_path,
        start=start,
        end=end,
        today=today,
        rules=rules,
        rows=rows,
        spans={p.rule.kind: p.spans for p in plans},
        by_kind=by_kind,
        by_unit=by_unit,
        total=total,
    )


@dataclass
class ComplianceTotals:
    """The rates by kind of `compliance` without its rows: what a report shows."""

    rules: list
    by_kind: dict[str, Rate]


def compliance_totals(
    *,
    org_path: str,
    start: dt.date,
    end: dt.date,
    rules=None,
    today: dt.date | None = None,
    kinds: Iterable[str] | None = None,
) -> ComplianceTotals:
    """`compliance(...).by_kind` (of `kinds` only, if given), summed by the database from the same
    verdicts: one query (and the rules'), whatever the number of organisations.

    Each rule's verdicts are a query of their own over the rule's holders alone (a party group is
    not looked up for a branch's rule), summed into its Rate; the rules' queries are one UNION ALL.
    A rate by kind needs no organisation's other kinds: judging them together, one row per
    organisation, cost eight tally lookups for each (0.4 s for 35,000 organisations)."""
    today = today or timezone.localdate()
    rules = _usable_rules(rules)
    if kinds is not None:
        wanted = set(kinds)
        rules = [r for r in rules if r.kind in wanted]
    plans = _plans(rules, start, end, today)
    by_kind = {r.kind: Rate() for r in rules}
    if not plans:
        return ComplianceTotals(rules, by_kind)
    if any(_joins(plan) > MAX_JOINS for plan in plans):
        # a window of more years than a query can join: the organisations' rows, summed here
        result = _judge(org_path=org_path, start=start, end=end, rules=rules, today=today)
        return ComplianceTotals(rules, result.by_kind)
    subtree = subtree_path(org_path)
    queries = [_verdict_queries(subtree, start, end, [plan], masks=False) for plan in plans]
    # Fenced (OFFSET 0): else the database copies each verdict's expression into every aggregate
    # that reads it, and evaluates it several times (60 vs 35 ms a rule at ten times the demo).
    fence = " LIMIT -1 OFFSET 0" if connection.vendor == "sqlite" else " OFFSET 0"
    # Each rule's Rate summed as `Rate.add` sums the organisations judged (required > 0).
    sums = (
        "SUM(CASE WHEN req0 > 0 THEN req0 ELSE 0 END), SUM(CASE WHEN req0 > 0 THEN met0 ELSE 0 END),"
        " COUNT(CASE WHEN req0 > 0 THEN 1 END), COUNT(CASE WHEN req0 > 0 AND met0 >= req0 THEN 1 END)"
    )
    parts, params = [], []
    for k, ((sql, rule_params),) in enumerate(queries):
        parts.append(f"SELECT {k} AS k, {sums} FROM ({sql}{fence}) w{k}")  # noqa: S608 - as above
        params += rule_params
    union = " UNION ALL ".join(f"SELECT * FROM ({part}) g{i}" for i, part in enumerate(parts))  # noqa: S608
    for k, required, met, orgs, orgs_ok in _execute(union, params):
        by_kind[plans[k].rule.kind] = Rate(
            int(required or 0), int(met or 0), orgs, orgs_ok
        )  # SUM of none: NULL
    return ComplianceTotals(rules, by_kind)


def _usable_rules(rules) -> list:
    """The active rules (given, or read) that name a known holder and period, in meeting-kind order."""
    rules = _rule_order(
        active_rules() if rules is None else [r for r in rules if getattr(r, "is_active", True)]
    )
    return [r for r in rules if r.holder in HOLDER_KINDS and r.period in PERIOD_MONTHS]


def _execute(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _local_date(value, tz) -> dt.date:
    """The local date of a datetime read from the cursor: aware on PostgreSQL, UTC text on SQLite."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value.astimezone(tz).date()


def _raw_rows(qs) -> list[tuple]:
    """The rows of a values_list queryset as the database returns them (no field conversion)."""
    sql, params = qs.query.sql_with_params()
    return _execute(sql, params)


def compliance(
    *, org_path: str, start: dt.date, end: dt.date, rules=None, today: dt.date | None = None
) -> ComplianceResult:
    """Cadence compliance of every branch / party group under `org_path` for [start, end]
    (see the module docstring for what is judged). The cycle collector is paused meanwhile, as in
    a report's batch: a province builds tens of thousands of small objects, which set off full
    collections (a third more time, at random)."""
    with gc_paused():
        return _judge(org_path=org_path, start=start, end=end, rules=rules, today=today)


CACHE_SECONDS = 600


def cached(key: str, compute, timeout: int):
    """The value cached under `key`, else compute() stored there. Unlike `cache.get_or_set`, a miss
    returns the computed value itself instead of reading it back: the local-memory cache unpickles
    on every read, which for a province's compliance cost more than computing it."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def compliance_cached(
    *, org_path: str, start: dt.date, end: dt.date, today: dt.date | None = None
) -> ComplianceResult:
    """`compliance`, kept until the next audited write: a province-year takes seconds to count,
    and the pages, the export and the report ask for the same one again and again."""
    today = today or timezone.localdate()
    key = f"cadence:compliance:{org_path}:{start}:{end}:{today}:{audit.data_version()}"
    return cached(
        key, lambda: compliance(org_path=org_path, start=start, end=end, today=today), CACHE_SECONDS
    )


# The kinds whose rates the annual report and its chart show (三会一课 and 主题党日).
REPORTED_KINDS: tuple[str, ...] = (
    MeetingKind.COMMITTEE_MEETING,
    MeetingKind.GENERAL_MEETING,
    MeetingKind.GROUP_MEETING,
    MeetingKind.LECTURE,
    MeetingKind.THEMED_DAY,
)


def compliance_totals_cached(
    *,
    org_path: str,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    kinds: tuple[str, ...] = REPORTED_KINDS,
) -> ComplianceTotals:
    """`compliance_totals` of `kinds`, kept until the next audited write (as `compliance_cached`)."""
    today = today or timezone.localdate()
    key = f"cadence:totals:{org_path}:{start}:{end}:{today}:{','.join(kinds)}:{audit.data_version()}"
    return cached(
        key,
        lambda: compliance_totals(org_path=org_path, start=start, end=end, today=today, kinds=kinds),
        CACHE_SECONDS,
    )


def overdue_cached(*, org_path: str, today: dt.date | None = None) -> list[OverdueItem]:
    """`overdue`, kept until the next audited write (as `compliance_cached`)."""
    today = today or timezone.localdate()
    key = f"cadence:overdue:{org_path}:{today}:{audit.data_version()}"
    return cached(key, lambda: overdue(org_path=org_path, today=today), CACHE_SECONDS)


def compliance_rates(
    org_path: str, start: dt.date, end: dt.date, *, basis: str = "periods", today: dt.date | None = None
) -> dict[str, float | None]:
    """{kind: rate} for the lead's metrics. basis="periods": share of required periods met (the
    default); basis="orgs": share of organisations that met every judged period."""
    return compliance(org_path=org_path, start=start, end=end, today=today).rates(basis=basis)


# --- overdue: the running period ---------------------------------------------------------------


class OverdueItem(NamedTuple):
    """One organisation × one kind short of the running period's requirement (a tuple: a province
    has tens of thousands, and the cache pickles them)."""

    org_id: int
    org_name: str
    org_path: str
    unit_name: str
    kind: str
    kind_label: str
    span: Span
    held: int
    min_count: int
    last_held: dt.date | None
    days_left: int
    planned: int = 0  # planned (not yet held) meetings of this kind in the period: not counted as held


def overdue(*, org_path: str, today: dt.date | None = None, rules=None) -> list[OverdueItem]:
    """Organisations under `org_path` that have not yet met the running period's requirement for
    each kind (with the date they last held one), soonest deadline first. An organisation founded
    during the running period is not listed for it (same edge rule as `compliance`). Four queries
    (five without `rules`)."""
    today = today or timezone.localdate()
    rules = _usable_rules(rules)
    if not rules:
        return []
    current = {r.kind: span_of(r.period, today) for r in rules}
    holders = {HOLDER_KINDS[r.holder] for r in rules}
    rows = [
        r
        for r in _org_rows(org_path, holders, today, today)
        if r.dissolved_on is None or r.dissolved_on > today
    ]
    if not rows:
        return []
    in_period = Q()
    for kind, s in current.items():
        in_period |= Q(kind=kind, held_at__gte=local_midnight(s.start))
    # Two grouped queries, both read from meeting_cadence_idx: the held and planned meetings of the
    # running periods (few rows), and the last held meeting of each kind (every meeting ever held).
    qs = Meeting.objects.all()
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    held, planned = MeetingStatus.HELD.value, MeetingStatus.PLANNED.value
    in_running = {
        (org_id, kind, status): n
        for org_id, kind, status, n in _raw_rows(
            qs.filter(in_period, status__in=[held, planned])
            .values_list("organization_id", "kind", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
    }
    last_held = {
        (o, k): last
        for o, k, last in _raw_rows(
            qs.filter(status=held, kind__in=list(current))
            .values_list("organization_id", "kind")
            .annotate(last=Max("held_at"))
            .order_by()
        )
    }
    labels = dict(MeetingKind.choices)
    tz = timezone.get_default_timezone()
    local_dates = {v: _local_date(v, tz) for v in set(last_held.values()) if v}
    committees = (
        _with_committee(org_path, today, today) if any(r.kind in COMMITTEE_KINDS for r in rules) else set()
    )
    out = []
    for row in rows:
        for rule in rules:
            s = current[rule.kind]
            if HOLDER_KINDS[rule.holder] != row.kind or (row.established_on and row.established_on > s.start):
                continue
            if rule.kind in COMMITTEE_KINDS and row.id not in committees:
                continue
            n = in_running.get((row.id, rule.kind, held), 0)
            if n >= rule.min_count:
                continue
            last = last_held.get((row.id, rule.kind))
            out.append(
                OverdueItem(
                    row.id,
                    row.name,
                    row.path,
                    row.unit_name,
                    rule.kind,
                    labels.get(rule.kind, rule.kind),
                    s,
                    n,
                    rule.min_count,
                    local_dates[last] if last else None,
                    (s.end - today).days,
                    in_running.get((row.id, rule.kind, planned), 0),
                )
            )
    out.sort(key=lambda i: (i.span.end, i.org_path, i.kind))
    return out
