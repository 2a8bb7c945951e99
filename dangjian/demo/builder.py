"""The demo province (docs: demo-data.md): records, never totals, built with bulk writes.

One stage per area, each a `build(ctx)` registered with core.demo.demo_stage, run in its order by
`build()` below (and the `dangjian demo` command). Everything random comes from the one `ctx.rng` seeded by `--seed`, and no
module iterates a set or calls `date.today()`, so the same seed gives the same data on every run
(the ciphertexts differ: SM4-GCM uses a random nonce).

Generated rows are a fixture, not user writes: no audit row per record, one audit event
"演示数据生成" with the counts instead.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, transaction

from dangjian.core import audit, bulk
from dangjian.core import demo as demo_stages
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.core.workflow import TimelineEntry
from dangjian.meetings.models import CadenceRule
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people.models import Person

DEMO_USERNAMES = [
    "demo-committee",
    "demo-unit",
    "demo-branch",
    "demo-member",
    "demo-auditor",
    "demo-discipline",
]
DEFAULT_SEED = 2023

# bulk_create batch: Django caps it on SQLite at 999 parameters per statement by itself.
BATCH = 2000


@dataclass
class Context:
    year: int
    scale: float
    seed: int
    rng: random.Random
    log: Callable[[str], Any]
    password: str = ""
    # Filled in by the stages (model instances, in creation order).
    root: Any = None
    root_unit: Any = None
    units: list = field(default_factory=list)  # top-level units (provincial and central)
    subunits: list = field(default_factory=list)  # 下属单位
    organ_committees: dict = field(default_factory=dict)  # unit name -> its 机关党委 (or the sub-unit's org)
    orgs: list = field(default_factory=list)  # every organisation, parents before children
    branches: list = field(default_factory=list)  # every 党支部
    people: list = field(default_factory=list)
    members_by_branch: dict = field(default_factory=dict)  # branch pk -> [Person] (party members now)
    demo: dict = field(default_factory=dict)  # what the demo users are attached to
    counts: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)  # [(stage, seconds)]
    logins: list = field(default_factory=list)  # [(username, role label, scope name)]

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @contextmanager
    def step(self, name: str):
        """Time a part of a stage (shown indented under the stage by the command and the benchmark)."""
        t = time.perf_counter()
        yield
        self.timings.append((name, time.perf_counter() - t))

    def scaled(self, n: float, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))

    def rand_date(self, start: dt.date, end: dt.date) -> dt.date:
        """A uniformly random day in [start, end]."""
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))


def next_id(model) -> int:
    return bulk.next_id(model)


def insert_rows(model, rows: list[dict], *, chunk: int = 5000) -> int:
    """core.bulk.insert_rows with explicit ids from next_id: the demo is the only writer, so the
    PostgreSQL sequence is moved past the ids used afterwards."""
    return bulk.insert_rows(model, rows, chunk=chunk, reset_sequence=True)


def existing_data() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "orgs": PartyOrganization.objects.count(),
        "people": Person.objects.count(),
    }


def _project_models() -> list:
    """Models of the project apps that hold domain data, children before the models they point at."""
    user_model = get_user_model()
    # CadenceRule is configuration, not demo data: kept.
    # many-to-many tables too (Meeting.observers, WorkPrompt.recipients), except the user model's own
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("dangjian.")
        and m not in (AuditEvent, user_model, CadenceRule)
        and m._meta.auto_created is not user_model
    ]
    ordered, seen = [], set()

    def visit(model, stack=()):
        if model in seen or model in stack:
            return
        # everything that points at `model` goes first
        for other in models:
            if other is model:
                continue
            if any(f.is_relation and f.many_to_one and f.related_model is model for f in other._meta.fields):
                visit(other, (*stack, model))
        seen.add(model)
        ordered.append(model)

    for m in models:
        visit(m)
    return ordered


def _truncate_timelines(models: list) -> dict[str, int]:
    """Empty the workflow timelines first. They are append-only: on PostgreSQL a row trigger refuses
    DELETE (core.workflow.append_only_operation), so the demo's own timelines are emptied with
    TRUNCATE, which that trigger does not cover. TRUNCATE is refused while deferred foreign-key checks
    of rows written earlier in the same transaction are pending (a test builds and resets in one), so
    those checks run first. Demo data only: nothing else calls this."""
    timelines = [m for m in models if issubclass(m, TimelineEntry)]
    if connection.vendor != "postgresql" or not timelines:
        return {}
    counts = {m._meta.label: m.objects.count() for m in timelines}
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in timelines)
        cursor.execute(f"TRUNCATE TABLE {tables}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return counts


@transaction.atomic
def reset(log: Callable[[str], Any] = print) -> dict[str, int]:
    """Wipe the domain data: every table of the project apps, users other than superusers, sessions.

    Audit events: cleared on SQLite (the embedded demo database; the old rows point at users and
    objects that are gone), kept on PostgreSQL where they are append-only (a trigger refuses
    DELETE). There, users that audit rows refer to cannot be deleted; they are deactivated instead
    (and the demo users among them are re-used by the accounts stage)."""
    user_model = get_user_model()
    using = connection.alias
    removed: dict[str, int] = {}
    user_model.objects.exclude(person=None).update(person=None)  # raw deletes do not SET_NULL
    models = _project_models()
    removed.update(_truncate_timelines(models))
    for model in models:
        removed[model._meta.label] = removed.get(model._meta.label, 0) + model.objects.all()._raw_delete(
            using
        )
    keep_audit = connection.vendor != "sqlite"
    if not keep_audit:
        removed["core.AuditEvent"] = AuditEvent.objects.all()._raw_delete(using)
    users = user_model.objects.filter(is_superuser=False)
    if keep_audit:
        referenced = AuditEvent.objects.filter(actor__isnull=False).values("actor_id")
        users.filter(pk__in=referenced).update(is_active=False)
        users = users.exclude(pk__in=referenced)
    LogEntry.objects.filter(user__in=users).delete()
    removed["users"] = users.delete()[0]
    Session.objects.all().delete()
    log(f"已清空原有业务数据（{sum(removed.values())} 行；审计日志{'保留' if keep_audit else '已清空'}）。")
    return removed


def build(
    *,
    year: int = 2023,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    password: str = "",
    log: Callable[[str], Any] = print,
    stages: list[str] | None = None,
) -> Context:
    """Build the demo province into an empty database, in one transaction."""
    ctx = Context(year=year, scale=scale, seed=seed, rng=random.Random(seed), log=log, password=password)
    t0 = time.perf_counter()
    with transaction.atomic():
        for stage in [demo_stages.STAGES[n] for n in stages] if stages else demo_stages.ordered():
            t, at = time.perf_counter(), len(ctx.timings)
            stage.build(ctx)
            ctx.timings.insert(at, (stage.name, time.perf_counter() - t))  # before its steps
        with ctx.step("analyze"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics after the bulk load (SQLite keeps none by itself)
        audit.record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="core.demo",
            object_id=str(year),
            object_repr="演示数据生成",
            org_path=ctx.root.path if ctx.root else "",
            changes={
                "year": [None, year],
                "scale": [None, scale],
                "seed": [None, seed],
                **{k: [None, v] for k, v in ctx.counts.items()},
            },
        )
    ctx.timings.append(("total", time.perf_counter() - t0))
    return ctx
