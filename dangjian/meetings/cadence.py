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

Cost: one query for the organisations, one for the branches that have a committee (支委会 is
required only of them), one over the meeting tally (meetings.tally: held meetings per organisation,
kind and year, twelve month columns, kept by database triggers), one for the rules (none when passed
in), then Python. The tally's month is the local (settings.TIME_ZONE) month, computed by the
database when a meeting is written, so nothing is converted per meeting when counting. On the full
demo (3,000 branches and party groups, 94,000 held meetings in 18,000 tally rows) `compliance` for
the province-year takes ~0.17 s CPU on SQLite and ~0.15 s on PostgreSQL (0.29-0.36 s and
0.36-0.6 s when it read one index entry per held meeting). `overdue` reads the running periods'
meetings and the last held meeting of each kind from meeting_cadence_idx (status, kind,
organization, held_at), ~0.2 s for the province; bench/bench_cadence.py and
bench/bench_cadence_pages.py measure them (target < 1 s per page, cold).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.bulk import gc_paused
from dangjian.core.periods import in_force_during
from dangjian.meetings import tally
from dangjian.meetings.enums import CadencePeriod, MeetingKind, MeetingStatus
from dangjian.meetings.models import CadenceRule, Meeting, MeetingTally
from dangjian.organizations.enums import OrgKind
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

    def add(self, required: int, met: int) -> None:
        """Count one organisation that was judged for `required` periods and met `met` of them."""
        if required:
            self.required += required
            self.met += met
            self.orgs += 1
            self.orgs_ok += met >= required

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


def _org_rows(org_path: str, holders: set[str], start: dt.date, end: dt.date) -> list[OrgRow]:
    qs = (
        PartyOrganization.objects.filter(kind__in=holders)
        .filter(Q(is_active=True) | Q(dissolved_on__isnull=False))
        .filter(in_force_during(start, end, start="established_on", end="dissolved_on", open_start=True))
    )
    if org_path:
        qs = qs.filter(path__under=org_path)
    rows = qs.order_by("path").values_list(
        "id", "name", "path", "kind", "unit_id", "unit__name", "established_on", "dissolved_on"
    )
    return [OrgRow(*r) for r in rows]


IN_LIST_LIMIT = 1000
# 支委会 is required only of branches that have a committee: a branch of fewer than 7 full members
# has a secretary (and perhaps a deputy) instead (支部工作条例 第六章; rules.md §2b).
COMMITTEE_KINDS = {MeetingKind.COMMITTEE_MEETING}
MIN_COMMITTEE = 3


def _with_committee(org_path: str, start: dt.date, end: dt.date) -> set[int]:
    """Organisations under org_path where at least MIN_COMMITTEE people held committee posts during
    [start, end]. One query."""
    qs = CadrePost.objects.filter(
        in_force_during(start, end, start="started_on", end="ended_on"), post__in=COMMITTEE_POSTS
    )
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    rows = qs.values_list("organization_id").annotate(n=Count("person_id", distinct=True)).order_by()
    return {org_id for org_id, n in rows if n >= MIN_COMMITTEE}


def _month_counts(
    org_ids: Sequence[int], kinds: Sequence[str], first: int, last: int
) -> dict[tuple[int, str], dict]:
    """{(organization_id, kind): {month_index: held meetings}} of the organisations `org_ids` for
    months first..last (inclusive), read from the tally the database keeps of held meetings per
    organisation, kind and year (meetings.tally: one row with twelve months, not one row per
    meeting). Up to IN_LIST_LIMIT organisations the query filters by their ids; above that it reads
    the whole years and drops other organisations here (cheaper than joining the organisation table
    to filter by path). The rows are read from the cursor, without the ORM's per-row conversion."""
    qs = MeetingTally.objects.filter(kind__in=list(kinds), year__gte=first // 12, year__lte=last // 12)
    wanted = set(org_ids)
    if len(wanted) <= IN_LIST_LIMIT:
        qs = qs.filter(organization_id__in=sorted(wanted))
    out: dict[tuple[int, str], dict] = defaultdict(dict)
    for org_id, kind, year, *months in _raw_rows(
        qs.values_list("organization_id", "kind", "year", *tally.MONTHS).order_by()
    ):
        if org_id not in wanted:
            continue
        cell = out[(org_id, kind)]
        for i, n in enumerate(months, start=year * 12):
            if n and first <= i <= last:
                cell[i] = n
    return out


def _local_date(value, tz) -> dt.date:
    """The local date of a datetime read from the cursor: aware on PostgreSQL, UTC text on SQLite."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value.astimezone(tz).date()


def _raw_rows(qs) -> list[tuple]:
    """The rows of a values_list queryset as the database returns them (no field conversion)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def compliance(
    *, org_path: str, start: dt.date, end: dt.date, rules=None, today: dt.date | None = None
) -> ComplianceResult:
    """Cadence compliance of every branch / party group under `org_path` for [start, end]
    (see the module docstring for what is judged). The cycle collector is paused meanwhile, as in
    a report's batch: judging a province builds tens of thousands of small objects, which set off
    full collections (a third more time, at random)."""
    with gc_paused():
        return _judge(org_path=org_path, start=start, end=end, rules=rules, today=today)


def _judge(*, org_path: str, start: dt.date, end: dt.date, rules, today: dt.date | None) -> ComplianceResult:
    today = today or timezone.localdate()
    rules = _rule_order(
        active_rules() if rules is None else [r for r in rules if getattr(r, "is_active", True)]
    )
    rules = [r for r in rules if r.holder in HOLDER_KINDS and r.period in PERIOD_MONTHS]
    rule_spans = {r.kind: spans(r.period, start, end, today=today) for r in rules}
    by_kind = {r.kind: Rate() for r in rules}
    total = Rate()
    holders = {HOLDER_KINDS[r.holder] for r in rules}
    rows = _org_rows(org_path, holders, start, end) if rules else []
    all_months = [m for ss in rule_spans.values() for s in ss for m in s.months]
    counts = (
        _month_counts([r.id for r in rows], [r.kind for r in rules], min(all_months), max(all_months))
        if all_months and rows
        else {}
    )
    # Per rule: (rule, holder kind, its periods as tuples, {month index: period position}, first day
    # judged, last day judged).
    plans = []
    for rule in rules:
        ss = rule_spans[rule.kind]
        position = {m: i for i, s in enumerate(ss) for m in s.months}
        plans.append(
            (
                rule,
                HOLDER_KINDS[rule.holder],
                [(s.start, s.end, s) for s in ss],
                position,
                ss[0].start if ss else None,
                ss[-1].end if ss else None,
            )
        )
    committees = (
        _with_committee(org_path, start, end) if any(r.kind in COMMITTEE_KINDS for r in rules) else set()
    )
    units: dict[int, UnitRates] = {}
    for row in rows:
        unit = units.get(row.unit_id)
        if unit is None:
            unit = units[row.unit_id] = UnitRates(row.unit_id, row.unit_name, (row.path, row.unit_id))
        est, gone = row.established_on, row.dissolved_on
        row_required = row_met = 0
        for rule, holder, periods, position, first_day, last_day in plans:
            if holder != row.kind or (rule.kind in COMMITTEE_KINDS and row.id not in committees):
                continue
            cell = Cell(rule.kind)
            per_period = [0] * len(periods)  # held meetings in each period
            for month, n in counts.get((row.id, rule.kind), {}).items():
                i = position.get(month)
                if i is not None:
                    per_period[i] += n
            need = rule.min_count
            whole = first_day is None or (
                (est is None or est <= first_day) and (gone is None or last_day is None or gone > last_day)
            )
            if whole:
                cell.missing = [p[2] for p, n in zip(periods, per_period, strict=True) if n < need]
                required = len(periods)
                met = required - len(cell.missing)
            else:
                judged = [
                    (p[2], n)
                    for p, n in zip(periods, per_period, strict=True)
                    if not ((est is not None and est > p[0]) or (gone is not None and gone <= p[1]))
                ]
                cell.missing = [span for span, n in judged if n < need]
                required = len(judged)
                met = required - len(cell.missing)
            cell.required, cell.met = required, met
            row.cells[rule.kind] = cell
            if required:
                by_kind[rule.kind].add(required, met)
                unit.by_kind[rule.kind].add(required, met)
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
        spans=rule_spans,
        by_kind=by_kind,
        by_unit=by_unit,
        total=total,
    )


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
    rules = _rule_order(
        active_rules() if rules is None else [r for r in rules if getattr(r, "is_active", True)]
    )
    rules = [r for r in rules if r.holder in HOLDER_KINDS and r.period in PERIOD_MONTHS]
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
