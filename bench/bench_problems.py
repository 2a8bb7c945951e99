"""Problem ledger benchmark: the committee's overdue queue and per-unit progress over 10,000
problems, through Django's test client (all middleware, the template rendered) as demo-committee,
and the selectors alone.

    DANGJIAN_VAR_DIR=/tmp/dangjian-bench-problems .venv/bin/python bench/bench_problems.py [--runs 20]

Uses a private database (builds the demo there first if it is missing), tops the demo's problems up
to --problems (default 10,000) with copies spread over every unit and state, some overdue, and
prints p50/p95 in ms and queries per request. Asserts nothing. Target (issue 11): < 200 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from _private_db import ensure_demo, setup


def top_up(n: int) -> None:
    from django.utils import timezone

    from dangjian.organizations.models import PartyOrganization
    from dangjian.problems.enums import ProblemStatus
    from dangjian.problems.models import Problem
    from dangjian.problems.services import unit_org

    have = Problem.objects.count()
    if have >= n:
        return
    rng = random.Random("bench-problems")
    templates = list(Problem.objects.all()[:500])
    orgs: dict[int, int] = {}
    for p in templates:
        orgs.setdefault(p.unit_id, p.organization_id)
    from dangjian.organizations.models import Unit

    for u in Unit.objects.exclude(category="committee"):
        if u.pk not in orgs:
            org = unit_org(u)
            if org:
                orgs[u.pk] = org.pk
    root = PartyOrganization.objects.get(depth=1)
    today = timezone.localdate()
    rows = []
    for _ in range(n - have):
        t = rng.choice(templates)
        unit_id = rng.choice(list(orgs))
        found = today - dt.timedelta(days=rng.randint(0, 400))
        deadline = found + dt.timedelta(days=rng.randint(30, 120))
        status = rng.choice(list(ProblemStatus))
        rows.append(
            Problem(
                source=t.source,
                source_ref="bench",
                year=found.year,
                unit_id=unit_id,
                organization_id=orgs[unit_id],
                raised_by=root,
                root=root,
                description=t.description,
                measures=t.measures,
                found_on=found,
                deadline=deadline,
                status=status,
                closed_on=deadline if status == ProblemStatus.CLOSED else None,
            )
        )
    Problem.objects.bulk_create(rows, batch_size=2000)


def timed(fn, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        fn()
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        queries = len(q)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--problems", type=int, default=10_000)
    args = parser.parse_args()
    setup(fresh=False, var_dir="/tmp/dangjian-bench-problems")
    ensure_demo()
    top_up(args.problems)

    from django.test import Client
    from django.utils import timezone

    from dangjian.accounts.models import User
    from dangjian.problems import selectors as sx
    from dangjian.problems.models import Problem

    user = User.objects.get(username="demo-committee")
    client = Client()
    client.force_login(user)
    today = timezone.localdate()
    print(
        f"{Problem.objects.count()} problems, {Problem.objects.filter(sx.overdue_q(today)).count()} overdue"
    )

    def page(url):
        def go():
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)

        return go

    scenarios = [
        ("overdue queue page /problems/queues/", page("/problems/queues/")),
        ("overdue list page /problems/?queue=overdue", page("/problems/?queue=overdue")),
        ("per-unit progress page /problems/progress/", page("/problems/progress/")),
        ("selector: queue counts", lambda: sx.queue_counts(actor=user, today=today)),
        (
            "selector: first 200 overdue",
            lambda: list(sx.problem_list(actor=user, today=today).filter(sx.overdue_q(today))[:200]),
        ),
        ("selector: per-unit progress", lambda: sx.unit_progress(actor=user, today=today)),
    ]
    for label, fn in scenarios:
        p50, p95, q = timed(fn, args.runs)
        print(f"{label:<46} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {q:3d} queries")


if __name__ == "__main__":
    main()
