"""Cadence pages benchmark, COLD: every request after `cache.clear()`, so nothing computed earlier is
reused. The home page of the committee and of the auditor, the 三会一课 compliance page for the
province, the overdue list and the annual report page, on the full demo province, through Django's
test client (all middleware, templates rendered). Then the selectors alone: `cadence.compliance`
for the province-year and `cadence.overdue` for the province today.

    .venv/bin/python bench/bench_cadence_pages.py [--runs 5] [--profile LABEL]

Prints p50 wall time and p50 CPU time (the machine is shared: CPU time is what the code costs when
the wall time is inflated by other load) and queries per request. Private database:
DANGJIAN_VAR_DIR (default /tmp/dangjian-bench-cadence-pages), the demo built there when missing.
Asserts nothing. Target: < 1 s cold per page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from _private_db import ensure_demo, setup

PAGES = [
    ("demo-committee", "home (committee)", "/"),
    ("demo-auditor", "home (auditor)", "/"),
    ("demo-committee", "三会一课 2023", "/meetings/cadence/?year=2023"),
    ("demo-committee", "三会一课 (default year)", "/meetings/cadence/"),
    ("demo-committee", "overdue list", "/meetings/cadence/overdue/"),
    ("demo-committee", "annual report 2023", "/reports/annual/?year=2023"),
]


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up (imports, connection), then every run cold
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", help="profile the page or selector whose label starts with this")
    args = parser.parse_args()
    setup(fresh=False, var_dir="/tmp/dangjian-bench-cadence-pages")
    ensure_demo()

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dangjian.accounts.models import User
    from dangjian.meetings import cadence

    today = timezone.localdate()
    checks = []
    for username, label, url in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))

        def page(client=client, url=url):
            cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        checks.append((label, page))
    checks += [
        (
            "compliance() province 2023",
            lambda: cadence.compliance(org_path="", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)),
        ),
        ("overdue() province today", lambda: cadence.overdue(org_path="", today=today)),
        ("overdue() province 2023-12-20", lambda: cadence.overdue(org_path="", today=dt.date(2023, 12, 20))),
    ]
    print(f"-- cold (cache cleared before each request), {args.runs} runs, p50")
    for label, fn in checks:
        if args.profile and label.startswith(args.profile):
            import cProfile
            import pstats

            fn()
            profiler = cProfile.Profile()
            profiler.runcall(fn)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            continue
        wall, cpu = timed(fn, args.runs)
        with CaptureQueriesContext(connection) as queries:
            fn()
        print(f"  {label:<32} wall {wall:7.1f} ms  cpu {cpu:7.1f} ms  ({len(queries)} queries)", flush=True)


if __name__ == "__main__":
    main()
