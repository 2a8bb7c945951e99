"""Registries benchmark (issue 9): the registry metrics for the whole province for a year (the 13
figures of initiatives, pairings, survey teams, internship posts and suggestions, computed as the
annual report does), and the first page of each registry list through Django's test client (all
middleware, the template rendered) as demo-committee, with the full demo province loaded.
10 timed runs each after 2 warm-ups; prints p50/p95 in ms and queries.

    .venv/bin/python bench/bench_registries.py [--runs 10] [--rebuild]

Uses its own private database (DANGJIAN_VAR_DIR, default /tmp/dangjian-bench-registries) and builds
the demo there first if it is missing. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import ensure_demo, setup

METRICS = [
    "branded_branches",
    "pioneer_posts",
    "responsibility_zones",
    "commando_teams",
    "pairing_units",
    "pairing_parks",
    "pairing_enterprises",
    "village_survey_teams",
    "village_survey_areas",
    "village_survey_rectifying_units",
    "village_survey_problems",
    "internship_posts",
    "doctor_suggestions",
]
PAGES = [
    "/initiatives/",
    "/initiatives/?kind=brand&year=2023",
    "/pairings/",
    "/pairings/registry/",
    "/villages/",
    "/villages/checks/?start=2023-01-01&end=2023-12-31&month=2023-06",
    "/masses/internships/",
    "/masses/suggestions/",
    "/initiatives/export.xlsx?year=2023",
]


def _timed(fn, runs: int) -> tuple[float, float]:
    for _ in range(2):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild, var_dir="/tmp/dangjian-bench-registries")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.accounts.models import User
    from dangjian.core.metrics import REGISTRY, Period, ReportScope

    ensure_demo()
    scope, period = ReportScope(), Period.year(2023)
    values = {m: REGISTRY[m].compute(scope, period).value for m in METRICS}
    print("figures:", ", ".join(f"{k}={v}" for k, v in values.items()))

    def all_metrics():
        return [REGISTRY[m].compute(scope, period).value for m in METRICS]

    p50, p95 = _timed(all_metrics, args.runs)
    with CaptureQueriesContext(connection) as q:
        all_metrics()
    print(
        f"  {'13 registry metrics, province, 2023':<58} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(q)} queries)"
    )

    client = Client()
    client.force_login(User.objects.get(username="demo-committee"))
    for path in PAGES:

        def fetch(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        p50, p95 = _timed(fetch, args.runs)
        with CaptureQueriesContext(connection) as q:
            fetch()
        print(f"  {path:<58} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(q)} queries)")


if __name__ == "__main__":
    main()
