"""The metric registry. A metric is a named function of (scope, period) returning a value and
the queryset of records behind it. Apps register theirs in `<app>/metrics.py` (discovered by
core's AppConfig.ready); `reports` reads REGISTRY and nothing imports `reports`:

    @metric("members_full_year_end", "年末正式党员数", unit="人")
    def members_full(scope: Scope, period: Period) -> MetricResult: ...

Ids are those of shared/spec/seed-2023-figures.yaml plus our own.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from dangjian.core.bulk import gc_paused


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))

    def months(self) -> list[Period]:
        """The calendar months of the period's last year (a dashboard's bars per month)."""
        return [Period.month(self.end.year, m) for m in range(1, 13)]


@dataclass(frozen=True)
class ReportScope:
    """The subtree a report covers: the org path prefix ("" = everything)."""

    path: str = ""
    org_id: int | None = None
    label: str = "全省直机关"


class LazyRecords(Sequence):
    """Records listed only when someone looks: for a figure whose records cost more than the figure
    (the organisations judged behind a compliance rate), so a report that needs only the values
    does not list them. Sliced, counted and iterated like the list it computes once."""

    def __init__(self, compute: Callable[[], Sequence]):
        self._compute = compute
        self._items: list | None = None

    def _all(self) -> list:
        if self._items is None:
            self._items = list(self._compute())
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator:
        return iter(self._all())

    def count(self) -> int:  # type: ignore[override]  # as a queryset's: how many records
        return len(self._all())


Records = QuerySet | LazyRecords | list  # the records behind a figure, or none (an empty list)


@dataclass
class MetricResult:
    value: int | float | Decimal
    queryset: QuerySet | LazyRecords | None = None
    # How a record of the queryset is shown in the drill-down: column title -> attribute path.
    columns: dict[str, str] | None = None
    # What the records are of, where a page shows them under a heading (a chart's point: "3月").
    label: str = ""


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str
    section: str
    fn: Callable[[ReportScope, Period], MetricResult]
    approx: bool = False

    def compute(self, scope: ReportScope, period: Period) -> MetricResult:
        return self.fn(scope, period)


REGISTRY: dict[str, Metric] = {}


def metric(id: str, label: str, *, unit: str = "", section: str = "基本情况", approx: bool = False):
    def register(fn):
        if id in REGISTRY:
            raise ValueError(f"metric {id} registered twice")
        REGISTRY[id] = Metric(id=id, label=label, unit=unit, section=section, fn=fn, approx=approx)
        return fn

    return register


def compute_all(scope: ReportScope, period: Period, ids: list[str] | None = None) -> dict[str, Any]:
    out = {}
    with batch():
        for mid, m in REGISTRY.items():
            if ids and mid not in ids:
                continue
            value = m.compute(scope, period).value
            out[mid] = float(value) if isinstance(value, Decimal) else value
    return out


_BATCH: ContextVar[dict | None] = ContextVar("metrics_batch", default=None)


@contextmanager
def batch():
    """Compute several metrics at once: inside, `shared` computes each key once (e.g. one
    compliance computation behind five rates). Python's cycle collector is paused meanwhile: a
    report builds and drops tens of thousands of small objects (the compliance of every branch),
    which set off full collections over the whole heap, up to a few hundred ms at random."""
    token = _BATCH.set({} if _BATCH.get() is None else _BATCH.get())
    try:
        with gc_paused():
            yield
    finally:
        _BATCH.reset(token)


def shared(key: tuple, compute: Callable[[], Any]) -> Any:
    """compute() once per key within a `batch`; outside one, every call computes."""
    memo = _BATCH.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def scope_for_org(org) -> ReportScope:
    return ReportScope(path=org.path, org_id=org.pk, label=org.name) if org else ReportScope()
