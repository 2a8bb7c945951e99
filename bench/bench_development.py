"""Development and elections benchmark: the pipeline board of the whole province and the list of
organisations whose term is overdue, as demo-committee, through Django's test client (all
middleware, the template rendered) and through the selectors alone. 10 timed runs after 2 warm-ups;
prints p50/p95 in ms and queries per request. Target (issue 10): < 1 s each.

    DANGJIAN_VAR_DIR=/tmp/dangjian-bench-dev .venv/bin/python bench/bench_development.py [--runs 10]

Uses a private database (default /tmp/dangjian-bench-dev) and builds the full demo (scale 1) there
first if it is missing (about 8 minutes on the 2-core machine). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DANGJIAN_VAR_DIR", "/tmp/dangjian-bench-dev")

from _private_db import ensure_demo, setup  # noqa: E402


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
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild, var_dir=os.environ["DANGJIAN_VAR_DIR"])
    ensure_demo()

    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.development import selectors as dev
    from dangjian.development.models import Applicant
    from dangjian.elections import selectors as el
    from dangjian.elections.enums import TermStatus

    user = User.objects.get(username="demo-committee")
    client = Client()
    client.force_login(user)
    print(f"development records: {Applicant.objects.count()}")
    print(f"organisations with an overdue term: {el.terms(actor=user, status=TermStatus.OVERDUE).count()}")
    cases = [
        ("board page /development/ (province)", lambda: client.get("/development/")),
        ("board page, overdue only", lambda: client.get("/development/?overdue=1")),
        ("board selector (province)", lambda: dev.board(actor=user)),
        ("terms overdue page /elections/?status=overdue", lambda: client.get("/elections/?status=overdue")),
        ("terms overdue selector (all rows)", lambda: list(el.terms(actor=user, status=TermStatus.OVERDUE))),
        ("pipeline export .xlsx (province)", lambda: client.get("/development/export.xlsx")),
    ]
    for label, fn in cases:
        p50, p95, n = timed(fn, args.runs)
        print(f"{label:48s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {n} queries")


if __name__ == "__main__":
    main()
