"""Demo build benchmark: `dangjian demo` (this issue's part: units, the party tree, people,
memberships with history, cadre posts, demo users) into a fresh private SQLite database.

    .venv/bin/python bench/bench_demo.py [--scale 1] [--seed 2023]

DANGJIAN_VAR_DIR defaults to /tmp/dangjian-bench-demo; its database is recreated on each run and
left there for bench_member_list.py. Prints seconds per stage; asserts nothing. Target: < 60 s.
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
    var_dir = setup(fresh=True)

    from django.db import connection

    from dangjian.demo import builder as demo

    cpu = time.process_time()
    ctx = demo.build(
        year=2023, scale=args.scale, seed=args.seed, password="Bench-Passw0rd!", log=lambda s: None
    )
    cpu = time.process_time() - cpu
    rows = (
        sum(v for k, v in ctx.counts.items() if k in ("people", "membership_periods", "cadre_posts"))
        + ctx.counts["people"]
        + sum(v for k, v in ctx.counts.items() if k.startswith("orgs_"))
    )
    print(
        f"demo build, scale {args.scale:g}, seed {args.seed}, SQLite {connection.Database.sqlite_version} "
        f"in {var_dir}"
    )
    for stage, seconds in ctx.timings:
        print(f"  {'  ' if '.' in stage else ''}{stage:<22} {seconds:7.2f} s")
    print(f"  cpu (this process)       {cpu:7.2f} s")
    print(f"  rows written ~{rows:,} ({rows / ctx.timings[-1][1]:,.0f} rows/s overall)")
    print("  " + ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in ctx.counts.items()))


if __name__ == "__main__":
    main()
