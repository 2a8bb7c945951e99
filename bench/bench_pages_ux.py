"""Everyday pages benchmark: the yearly pages, the annual report and its drill-downs, the overdue
list, the meeting forms and the tree's move dialog, through Django's test client (all middleware,
templates rendered) on the full demo province, as the role that uses each page. 5 timed requests
after one warm-up; prints p50/max in ms and queries per request. The annual report is timed twice:
cold (values computed) and warm (coming back from a drill-down).

    .venv/bin/python bench/bench_pages_ux.py [--runs 5]

Uses a private database (DANGJIAN_VAR_DIR, default /tmp/dangjian-bench-ux2) and builds the demo
there first if it is missing. Asserts nothing. Target: < 1 s per page.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import setup


def pages(users) -> list[tuple[str, str, str]]:
    """(user, label, url) for every page measured."""
    from dangjian.meetings.models import Meeting
    from dangjian.organizations.models import PartyOrganization

    branch_user = users["demo-branch"]
    branch = PartyOrganization.objects.filter(path__in=_write_paths(branch_user)).first()
    meeting = Meeting.objects.filter(organization=branch).order_by("-held_at").first()
    some_branch = PartyOrganization.objects.filter(kind="branch", is_active=True).order_by("path")[40]
    out = [
        ("demo-committee", "三会一课 (default year)", "/meetings/cadence/"),
        ("demo-committee", "overdue list", "/meetings/cadence/overdue/"),
        ("demo-unit", "overdue list", "/meetings/cadence/overdue/"),
        ("demo-committee", "central group study", "/meetings/central-group/"),
        ("demo-committee", "youth coverage", "/meetings/youth-groups/coverage/"),
        ("demo-committee", "ledgers", "/meetings/ledgers/"),
        ("demo-committee", "annual report (cold)", "COLD:/reports/annual/?year=2023"),
        ("demo-committee", "annual report (back)", "/reports/annual/?year=2023"),
        ("demo-committee", "drill-down members", "/reports/metrics/members_year_end/?year=2023"),
        (
            "demo-committee",
            "drill-down compliance",
            "/reports/metrics/cadence_compliance_themed_day/?year=2023",
        ),
        ("demo-committee", "move dialog", f"/orgs/{some_branch.pk}/move/"),
        ("demo-committee", "move options", f"/orgs/options/?q=%E7%9C%81&move={some_branch.pk}"),
        ("demo-branch", "new meeting (pick)", "/meetings/new/"),
        ("demo-branch", "new meeting (form)", f"/meetings/new/?org={branch.pk}"),
        ("demo-unit", "roster import page", "/people/import/"),
    ]
    if meeting is not None:
        out += [
            ("demo-branch", "meeting detail", f"/meetings/{meeting.pk}/"),
            ("demo-branch", "attendance", f"/meetings/{meeting.pk}/attendance/"),
        ]
    return out


def _write_paths(user) -> list[str]:
    from dangjian.organizations import scoping

    return list(scoping.scope_of(user).write_paths)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup(fresh=False, var_dir="/tmp/dangjian-bench-ux2")

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.accounts.models import User
    from dangjian.demo import builder as demo

    if not User.objects.filter(username="demo-committee").exists():
        print("building the demo province first (scale 1)...")
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=1.0, password="Bench-Passw0rd!", log=lambda s: None)
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["demo-committee", "demo-unit", "demo-branch"])
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    for username, label, url in pages(users):
        cold = url.startswith("COLD:")
        url = url.removeprefix("COLD:")
        client = clients[username]

        def fetch(client=client, url=url, cold=cold):
            if cold:
                cache.clear()
            return client.get(url).status_code

        fetch()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            status = fetch()
            times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch()
        print(
            f"  {username:<15} {label:<24} {status}  p50 {statistics.median(times):7.1f} ms"
            f"  max {max(times):7.1f} ms  ({len(queries)} queries)",
            flush=True,
        )


if __name__ == "__main__":
    main()
