"""The annual report's meeting, youth-group and campaign-participation figures, one at a time
(issue 12: each under ~20 ms at ten times the demo): the province and one unit, year 2023.

    DANGJIAN_VAR_DIR=/tmp/dangjian-bench-reports-10 .venv/bin/python bench/bench_metrics_meetings.py [--runs 5]

Uses the demo database already in DANGJIAN_VAR_DIR (build it with bench/bench_reports.py --scale N),
or BENCH_DATABASE_URL (see _private_db.py). Each figure is computed live in a fresh report batch
(nothing shared with another figure, no cache) and printed with its value, the median wall and CPU
milliseconds of --runs, and, with --check, a digest of the drill-down's record ids (to compare two
versions of the code: the same figure must list the same records). Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import time

from _private_db import setup

METRICS = [
    "org_life_study_sessions",
    "first_topic_sessions",
    "org_life_meetings",
    "youth_study_group_members",
    "community_campaign_units",
    "community_campaign_branches",
    "community_campaign_members",
    "volunteer_units",
    "volunteer_branches",
    "volunteer_members",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="also print a digest of each drill-down's ids")
    parser.add_argument("--year", type=int, default=2023)
    args = parser.parse_args()
    setup(fresh=False)

    import datetime as dt

    from django.core.cache import cache

    from dangjian.core.metrics import REGISTRY, Period, ReportScope, batch, scope_for_org
    from dangjian.organizations.models import PartyOrganization

    root = PartyOrganization.objects.filter(parent__isnull=True).order_by("path").first()
    # The unit with the largest subtree of the province: its 机关党委 and everything under it.
    paths = list(PartyOrganization.objects.values_list("path", flat=True))
    unit = max(
        PartyOrganization.objects.filter(parent=root).order_by("path"),
        key=lambda o: sum(p.startswith(o.path) for p in paths),
    )
    scopes = [("everything", ReportScope()), ("province", scope_for_org(root)), ("unit", scope_for_org(unit))]
    periods = [("year", Period.year(args.year))]
    if args.check:  # a period that is not whole months, and one month
        periods += [
            ("part", Period(dt.date(args.year, 3, 15), dt.date(args.year, 9, 30))),
            ("month", Period.month(args.year, 5)),
        ]
    print(f"load {os.getloadavg()[0]:.1f}; unit scope: {unit.name} ({unit.path})")
    for pname, period in periods:
        for sname, scope in scopes:
            print(f"-- {sname} {pname} {period.start}..{period.end}")
            for mid in METRICS:
                walls, cpus, value = [], [], None
                for _ in range(args.runs):
                    cache.clear()
                    t, c = time.perf_counter(), time.process_time()
                    with batch():
                        value = REGISTRY[mid].compute(scope, period).value
                    walls.append((time.perf_counter() - t) * 1000)
                    cpus.append((time.process_time() - c) * 1000)
                line = (
                    f"  {mid:<30} {value!s:>8}  {statistics.median(walls):7.1f} ms"
                    f"  (cpu {statistics.median(cpus):6.1f} ms)"
                )
                if args.check:
                    with batch():
                        qs = REGISTRY[mid].compute(scope, period).queryset
                    ids = list(qs.order_by().values_list("pk", flat=True)) if qs is not None else []
                    digest = hashlib.sha1(",".join(map(str, sorted(ids))).encode()).hexdigest()[:12]
                    line += f"  rows {len(ids)} ids {digest}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
