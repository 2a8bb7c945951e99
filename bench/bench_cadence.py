"""Cadence compliance benchmark: `cadence.compliance()` for the whole province for a year.

    .venv/bin/python bench/bench_cadence.py [--runs 5] [--rebuild]

Builds, in a PRIVATE SQLite database (DANGJIAN_VAR_DIR, default /tmp/bench_cadence; never var/),
a synthetic province of 125 organ committees with 2,500 branches and 500 party groups, and a year
(2023) of held meetings with gaps (about 75,000 rows, bulk_create), unless it is already there.
Then times compliance() over the whole tree and under the root path (median of --runs), and
overdue() for the province. Prints ms; asserts nothing. Target: < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from _private_db import setup

BRANCHES = 2500
COMMITTEES = 125
GROUPS = 500
YEAR = 2023
PER_YEAR = {
    "committee_meeting": 12,
    "themed_day": 12,
    "general_meeting": 4,
    "lecture": 4,
    "review_meeting": 1,
    "appraisal": 1,
    "talk": 1,
}
MISS_RATE = 0.2  # realistic gaps: about one period in five is missed


def build(log=print) -> None:
    from django.db import transaction
    from django.utils import timezone

    from dangjian.meetings.models import Meeting
    from dangjian.organizations.enums import OrgKind, UnitCategory
    from dangjian.organizations.models import PartyOrganization, Unit, path_segment

    rnd = random.Random(2023)  # same seed, same data
    t0 = time.perf_counter()
    with transaction.atomic():
        root_unit = Unit.objects.create(name="工委机关（基准）", category=UnitCategory.COMMITTEE)
        units = Unit.objects.bulk_create(
            [Unit(name=f"基准单位{i:03d}", sort_order=i) for i in range(COMMITTEES)]
        )
        root = PartyOrganization.objects.create(
            name="工委（基准）",
            kind=OrgKind.WORKING_COMMITTEE,
            unit=root_unit,
            path=path_segment(1),
            depth=1,
            established_on=dt.date(2000, 1, 1),
        )
        committees = PartyOrganization.objects.bulk_create(
            [
                PartyOrganization(
                    name=f"{u.name}机关党委",
                    kind=OrgKind.ORGAN_COMMITTEE,
                    unit=u,
                    parent=root,
                    root=root,
                    path=root.path + path_segment(i + 1),
                    depth=2,
                    established_on=dt.date(2000, 1, 1),
                )
                for i, u in enumerate(units)
            ]
        )
        per = BRANCHES // COMMITTEES
        branches = PartyOrganization.objects.bulk_create(
            [
                PartyOrganization(
                    name=f"{c.unit.name}第{j + 1}党支部",
                    kind=OrgKind.BRANCH,
                    unit=c.unit,
                    parent=c,
                    root=root,
                    path=c.path + path_segment(j + 1),
                    depth=3,
                    # a few branches founded during the year
                    established_on=dt.date(YEAR, rnd.randint(2, 11), rnd.randint(1, 28))
                    if rnd.random() < 0.02
                    else dt.date(2000, 1, 1),
                )
                for c in committees
                for j in range(per)
            ]
        )
        groups = PartyOrganization.objects.bulk_create(
            [
                PartyOrganization(
                    name=f"{b.name}第1党小组",
                    kind=OrgKind.PARTY_GROUP,
                    unit=b.unit,
                    parent=b,
                    root=root,
                    path=b.path + path_segment(1),
                    depth=4,
                    established_on=dt.date(2000, 1, 1),
                )
                for b in rnd.sample(branches, GROUPS)
            ]
        )
        meetings = []

        def add(org, kind, month, day):
            when = timezone.make_aware(dt.datetime(YEAR, month, day, rnd.choice((9, 14, 19))))
            meetings.append(
                Meeting(organization=org, root=root, kind=kind, status="held", title=kind, held_at=when)
            )

        for b in branches:
            for kind, n in PER_YEAR.items():
                step = 12 // n
                for i in range(n):
                    if rnd.random() >= MISS_RATE:
                        add(b, kind, i * step + rnd.randint(1, step), rnd.randint(1, 28))
        for g in groups:
            for month in range(1, 13):
                if rnd.random() >= MISS_RATE:
                    add(g, "group_meeting", month, rnd.randint(1, 28))
        Meeting.objects.bulk_create(meetings, batch_size=5000)
    log(
        f"built {len(branches):,} branches, {len(groups):,} party groups, {len(meetings):,} meetings "
        f"in {time.perf_counter() - t0:.1f} s"
    )


def timed(fn, runs: int) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild, var_dir="/tmp/bench_cadence")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.meetings import cadence
    from dangjian.meetings.models import Meeting
    from dangjian.organizations.models import PartyOrganization

    if not Meeting.objects.exists():
        build()
    root = PartyOrganization.objects.filter(depth=1).order_by("path").first()
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    print(
        f"{PartyOrganization.objects.filter(kind='branch').count():,} branches, "
        f"{Meeting.objects.count():,} meetings"
    )
    for label, path in (("whole tree (path '')", ""), (f"under the root ({root.path})", root.path)):
        ms, result = timed(lambda p=path: cadence.compliance(org_path=p, start=start, end=end), args.runs)
        with CaptureQueriesContext(connection) as q:
            cadence.compliance(org_path=path, start=start, end=end)
        rates = {k: r.percent for k, r in result.by_kind.items()}
        print(
            f"compliance {YEAR}, {label}: median {ms:.0f} ms over {args.runs} runs, {len(q)} queries, "
            f"{len(result.rows):,} organisations; rates % {rates}"
        )
    ms, items = timed(lambda: cadence.overdue(org_path=root.path, today=dt.date(YEAR, 12, 20)), args.runs)
    print(f"overdue on {YEAR}-12-20 under the root: median {ms:.0f} ms, {len(items):,} items")

    # The page itself (all middleware, template, chart) as committee staff on the root.
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.users import services as user_services

    user = User.objects.filter(username="bench-cadence").first()
    if user is None:
        user, _ = user_services.user_create(
            actor=None, username="bench-cadence", display_name="基准", password="Bench-Passw0rd!"
        )
        user_services.grant_create(actor=None, user=user, role="committee_staff", organization=root)
    client = Client()
    client.force_login(user)
    ms, response = timed(lambda: client.get("/meetings/cadence/", {"year": YEAR}), args.runs)
    with CaptureQueriesContext(connection) as q:
        client.get("/meetings/cadence/", {"year": YEAR})
    print(
        f"GET /meetings/cadence/?year={YEAR} as committee staff: median {ms:.0f} ms, "
        f"status {response.status_code}, {len(q)} queries"
    )


if __name__ == "__main__":
    main()
