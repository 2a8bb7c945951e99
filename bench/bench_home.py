"""Home page and bulk accounts benchmark on the full demo province.

GET / through Django's test client (all middleware, the template rendered) as each demo role:
committee (the province), unit staff, branch secretary, member, auditor. 10 timed requests each
after 2 warm-ups; prints p50/p95 in ms and queries per request. Then (unless --no-bulk) creates an
account for every member of the province who has none in one background job (run inline), as
demo-committee, and prints its duration. The job writes ~50,000 users: it runs on a private copy.

    .venv/bin/python bench/bench_home.py [--runs 10] [--rebuild] [--no-bulk]

Private database: DANGJIAN_VAR_DIR (default /tmp/dangjian-bench-home). Asserts nothing.
Target: each home page < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import setup

USERS = ["demo-committee", "demo-unit", "demo-branch", "demo-member", "demo-auditor"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-bulk", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild, var_dir="/tmp/dangjian-bench-home")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.accounts.models import User
    from dangjian.demo import builder as demo

    if not User.objects.filter(username="demo-committee").exists():
        print("building the demo province first (year 2023, scale 1)...")
        t = time.perf_counter()
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=1.0, password="Bench-Passw0rd!", log=lambda s: None)
        print(f"  built in {time.perf_counter() - t:.0f} s")
    print("-- GET / (test client, all middleware, rendered)")
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _ in range(2):
            client.get("/")
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            status = client.get("/").status_code
            times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"  {username:<15} HTTP {status}  p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"
            f"  ({len(queries)} queries)"
        )
    if not args.no_bulk:
        bulk_accounts()


def bulk_accounts() -> None:
    from django.conf import settings

    from dangjian.accounts.models import User
    from dangjian.organizations.models import PartyOrganization
    from dangjian.people import accounts as bulk

    settings.JOBS_MODE = "sync"
    actor = User.objects.get(username="demo-committee")
    root = PartyOrganization.objects.get(depth=1)
    pending = bulk.people_without_account(actor=actor, organization=root).count()
    print(f"-- bulk accounts for the province: {pending:,} members without an account")
    t = time.perf_counter()
    job = bulk.bulk_accounts_submit(actor=actor, organization=root)
    print(f"  job {job.status}: {job.message} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
