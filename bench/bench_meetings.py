"""Organisational-life benchmark on the full demo province (with its year of meetings):
- cadence compliance for the whole province for 2023 (cadence.compliance), target < 1 s;
- a branch's meeting list page (GET /meetings/?org=<branch>) as demo-branch, target < 100 ms;
- the meeting list, cadence page and a meeting's detail page through the test client.
Prints median/p95 ms; asserts nothing.

    .venv/bin/python bench/bench_meetings.py [--runs 20] [--rebuild]

Uses the private database of bench_demo.py (DANGJIAN_VAR_DIR, default /tmp/dangjian-bench-demo) and
builds the demo there first if it has no meetings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from _private_db import setup


def timed(fn, runs):
    fn()  # warm up
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.95) - 1 if len(out) > 1 else 0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild)

    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.demo import builder as demo
    from dangjian.meetings import cadence
    from dangjian.meetings.models import Attendance, Meeting

    if not Meeting.objects.exists():
        print("building the demo province first (scale 1)...")
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=1.0, password="Bench-Passw0rd!", log=lambda s: None)
    print(f"{Meeting.objects.count():,} meetings, {Attendance.objects.count():,} attendance rows")

    start, end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    p50, p95 = timed(lambda: cadence.compliance(org_path="", start=start, end=end), max(5, args.runs // 4))
    print(
        f"  cadence.compliance, whole province, 2023      p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  (target < 1000)"
    )

    branch_user = User.objects.get(username="demo-branch")
    branch = branch_user.grants.get().organization
    committee = User.objects.get(username="demo-committee")
    meeting = Meeting.objects.filter(organization=branch, status="held").order_by("-held_at").first()
    for user, label, url in [
        (branch_user, "demo-branch", f"/meetings/?org={branch.pk}&year=2023"),
        (branch_user, "demo-branch", "/meetings/"),
        (branch_user, "demo-branch", f"/meetings/{meeting.pk}/"),
        (committee, "demo-committee", "/meetings/?year=2023"),
        (committee, "demo-committee", "/meetings/cadence/?year=2023"),
    ]:
        client = Client()
        client.force_login(user)
        status = client.get(url).status_code
        p50, p95 = timed(lambda c=client, u=url: c.get(u), args.runs)
        print(f"  GET {url:<40} {label:<15} HTTP {status}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
