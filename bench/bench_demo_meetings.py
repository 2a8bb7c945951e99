"""Demo build benchmark with the organisational-life stage (dangjian/demo/meetings.py): the whole
`dangjian demo` into a fresh private SQLite database, printing seconds per stage and step and the
row counts of the meetings stage.

    .venv/bin/python bench/bench_demo_meetings.py [--scale 1] [--seed 2023]

DANGJIAN_VAR_DIR defaults to /tmp/dangjian-bench-meetings. Asserts nothing. Targets: the meetings
stage < 90 s, the whole demo < 3 minutes (2-core machine).
"""

from __future__ import annotations

import argparse
import time

from _private_db import setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    var_dir = setup(fresh=True, var_dir="/tmp/dangjian-bench-meetings")

    from django.db import connection

    from dangjian.demo import builder as demo

    cpu = time.process_time()
    ctx = demo.build(
        year=2023, scale=args.scale, seed=args.seed, password="Bench-Passw0rd!", log=lambda s: None
    )
    cpu = time.process_time() - cpu
    print(
        f"demo build with meetings, scale {args.scale:g}, seed {args.seed}, "
        f"SQLite {connection.Database.sqlite_version} in {var_dir}"
    )
    for stage, seconds in ctx.timings:
        print(f"  {'  ' if '.' in stage else ''}{stage:<30} {seconds:7.2f} s")
    print(f"  cpu (this process)             {cpu:7.2f} s")
    keys = (
        "meetings",
        "meetings_held",
        "agenda_items",
        "attendance",
        "appraisals",
        "youth_staff",
        "study_sessions",
        "youth_groups",
        "youth_group_members",
        "youth_activities",
        "central_group_units_attended",
        "material_copies",
    )
    print("  " + ", ".join(f"{k}={ctx.counts[k]:,}" for k in keys if k in ctx.counts))
    rows = sum(ctx.counts.get(k, 0) for k in ("meetings", "agenda_items", "attendance", "appraisals"))
    seconds = dict(ctx.timings).get("meetings", 0)
    if seconds:
        print(f"  meetings stage: ~{rows:,} rows, {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
