"""Reads of the problem ledger.

- actor-based ones for the pages, the API and the exports, filtered through organizations.scoping;
- path-based ones for the report metrics (the caller passes the subtree path, "" = everything).

The queues are plain indexed filters on the stored deadline (status, deadline): overdue = open and
the deadline day has passed; due soon = open and the deadline within rules.DUE_SOON_WORKING_DAYS
working days. Per-unit progress is one grouped query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.lookups import subtree_q
from dangjian.organizations.models import Unit
from dangjian.problems import rules
from dangjian.problems.enums import OPEN_STATUSES, ProblemSource, ProblemStatus
from dangjian.problems.models import Problem, ProblemAttachment

OVERDUE, DUE_SOON = "overdue", "due_soon"


def problems_visible(actor) -> QuerySet:
    return scoping.visible(actor, Problem.objects.all())


# "Open" is written as NOT closed so that the partial index problem_open_deadline_idx (deadline, id
# WHERE NOT status = 'closed') serves the queues in deadline order, on SQLite and PostgreSQL alike.
OPEN_Q = ~Q(status=ProblemStatus.CLOSED)


def overdue_q(today: dt.date) -> Q:
    return OPEN_Q & Q(deadline__lt=today)


def due_soon_q(today: dt.date) -> Q:
    return OPEN_Q & Q(deadline__gte=today, deadline__lte=rules.due_soon_until(today))


@dataclass
class Filters:
    status: str = ""
    source: str = ""
    year: int | None = None
    unit_id: int | None = None
    queue: str = ""  # OVERDUE, DUE_SOON or ""
    q: str = ""


def problem_list(*, actor: Actor, filters: Filters | None = None, today: dt.date | None = None) -> QuerySet:
    f = filters or Filters()
    qs = problems_visible(actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.q:
        qs = qs.filter(
            Q(description__contains=f.q) | Q(source_ref__contains=f.q) | Q(responsible__contains=f.q)
        )
    if f.queue and today is not None:
        qs = qs.filter(overdue_q(today) if f.queue == OVERDUE else due_soon_q(today))
    # prefetch, not select_related: joined, SQLite sorts every matching row before the LIMIT
    # (~100 ms over 10,000 problems) instead of walking the deadline index (< 1 ms).
    return qs.prefetch_related("unit", "organization", "raised_by").order_by("deadline", "id")


def mark_overdue(rows, today: dt.date):
    for p in rows:
        p.is_overdue = p.status in OPEN_STATUSES and p.deadline < today
    return rows


def problem_get(*, actor: Actor, problem_id) -> Problem:
    """A problem in the actor's scope (404 otherwise)."""
    return get_or_404(problems_visible(actor).select_related("unit", "organization", "raised_by"), problem_id)


def attachment_get(*, actor: Actor, problem: Problem, attachment_id) -> ProblemAttachment:
    return get_or_404(
        scoping.visible(actor, ProblemAttachment.objects.filter(problem=problem)), attachment_id
    )


def queue_counts(*, actor: Actor, today: dt.date) -> dict:
    """Overdue, due soon and open in scope, in one query."""
    return problems_visible(actor).aggregate(
        overdue=Count("id", filter=overdue_q(today)),
        due_soon=Count("id", filter=due_soon_q(today)),
        open=Count("id", filter=OPEN_Q),
        total=Count("id"),
    )


def unit_progress(*, actor: Actor, today: dt.date, year: int | None = None, source: str = "") -> list[dict]:
    """Per owning unit: total, closed, submitted, open, overdue, closed late and the rectification
    rate (closed / total, %); ordered by rate, lowest first. One grouped query."""
    qs = problems_visible(actor)
    if year:
        qs = qs.filter(year=year)
    if source:
        qs = qs.filter(source=source)
    return progress_by_unit(qs, today=today)


def progress_by_unit(qs: QuerySet, *, today: dt.date) -> list[dict]:
    """unit_progress over the problems `qs` (the page's: the actor's; the dashboard's: a
    subtree's problems of the year)."""
    closed = Q(status=ProblemStatus.CLOSED)
    rows = list(
        qs.order_by()
        .values("unit_id")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=closed),
            submitted=Count("id", filter=Q(status=ProblemStatus.SUBMITTED)),
            overdue=Count("id", filter=overdue_q(today)),
        )
    )
    units = {
        u.pk: u for u in Unit.objects.filter(pk__in=[r["unit_id"] for r in rows]).only("name", "parent_id")
    }
    for r in rows:
        r["unit__name"] = units[r["unit_id"]].name
        r["unit__parent_id"] = units[r["unit_id"]].parent_id
        r["open"] = r["total"] - r["closed"]
        r["rate"] = round(100 * r["closed"] / r["total"], 1) if r["total"] else 0.0
        r["subordinate"] = r["unit__parent_id"] is not None
    rows.sort(key=lambda r: (r["rate"], -r["overdue"], r["unit__name"]))
    return rows


def progress_totals(rows: list[dict]) -> dict:
    total = sum(r["total"] for r in rows)
    closed = sum(r["closed"] for r in rows)
    return {
        "units": len(rows),
        "total": total,
        "closed": closed,
        "open": total - closed,
        "overdue": sum(r["overdue"] for r in rows),
        "rate": round(100 * closed / total, 1) if total else 0.0,
    }


# --- for the metrics -----------------------------------------------------------------------------


def problems_recorded(org_path: str, start: dt.date, end: dt.date, *, source: str = "") -> QuerySet:
    """Problems assigned (found_on) in [start, end] to organisations under `org_path`."""
    qs = Problem.objects.filter(found_on__gte=start, found_on__lte=end)
    if source:
        qs = qs.filter(source=source)
    qs = qs.filter(subtree_q(org_path))
    return qs


def assessment_problems(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Problems the yearly performance assessment produced, counted in the year they were assigned:
    the assessment of year N is carried out early in year N+1, and the N+1 summary reports it
    ("完成2022年度…考核，形成843个问题清单" in the 2023 summary)."""
    return problems_recorded(org_path, start, end, source=ProblemSource.ASSESSMENT)


def open_at(qs: QuerySet, day: dt.date) -> QuerySet:
    """Of `qs`, those not closed by the end of `day`."""
    return qs.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def overdue_at(org_path: str, day: dt.date) -> QuerySet:
    """Problems under `org_path` open at the end of `day` whose deadline had passed."""
    qs = Problem.objects.filter(found_on__lte=day, deadline__lt=day)
    qs = qs.filter(subtree_q(org_path))
    return open_at(qs, day)
