"""Participation benchmark, with the full demo province loaded (bench/_private_db.py):

1. an activity page with 2,000 participants (the committee's sports meet of the demo has ~4,600;
   a fresh activity gets 2,000 members added through participants_from_roster if none has 2,000),
   through Django's test client as demo-committee: the detail page (counts + first page of rows),
   a filtered page, the participants export (.xlsx), the bulk status change of 2,000 rows;
2. the event metrics (events/metrics.py) for the whole province for the year, together.

    .venv/bin/python bench/bench_activities.py [--runs 10] [--rebuild]

Prints p50/p95 in ms and queries per request. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import ensure_demo, setup

EVENT_METRICS = [
    "model_org_exchange_attendees",
    "work_conference_speaking_units",
    "mutual_learning_sessions",
    "family_story_participants",
    "family_story_viewings",
    "integrity_concert_attendees",
    "skills_contestants",
    "basketball_participants",
    "sports_meet_registrations",
]


def timed(fn, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        fn()
    times = []
    queries = 0
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
    setup(fresh=args.rebuild)

    import datetime as dt

    from django.db.models import Count
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.activities import services
    from dangjian.activities.enums import ActivityKind
    from dangjian.activities.models import Activity, Participation
    from dangjian.core.metrics import REGISTRY, Period, ReportScope, batch

    ensure_demo()
    committee = User.objects.get(username="demo-committee")
    big = (
        Participation.objects.values("activity_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2000)
        .order_by("n")
        .first()
    )
    if big is None:
        root = Activity.objects.filter(organization__depth=1).first().organization
        activity = services.activity_create(
            actor=committee,
            kind=ActivityKind.LECTURE,
            title="基准测试讲座",
            organization=root,
            first_day=dt.date(2023, 11, 1),
        )
        services.participants_from_roster(actor=committee, activity=activity, org=root)
    else:
        activity = Activity.objects.get(pk=big["activity_id"])
    n = Participation.objects.filter(activity=activity).count()
    print(f"activity {activity.pk} “{activity.title}”: {n:,} participants")
    client = Client()
    client.force_login(committee)
    ids = list(Participation.objects.filter(activity=activity).values_list("pk", flat=True)[:2000])
    state = {"status": "present"}

    def mark():
        state["status"] = "absent" if state["status"] == "present" else "present"
        services.attendance_mark(
            actor=committee, activity=activity, status=state["status"], participation_ids=ids
        )

    scenarios = [
        ("detail page (counts + rows page 1)", lambda: client.get(f"/activities/{activity.pk}/").status_code),
        ("detail page, page 20", lambda: client.get(f"/activities/{activity.pk}/?ppage=20").status_code),
        (
            "detail filtered by status",
            lambda: client.get(f"/activities/{activity.pk}/?pstatus=absent").status_code,
        ),
        ("event page (/events/<id>/)", lambda: client.get(f"/events/{activity.pk}/").status_code),
        (
            "participants export (.xlsx)",
            lambda: client.get(f"/activities/{activity.pk}/participants.xlsx").status_code,
        ),
        ("bulk status of 2,000 rows", mark),
        (
            "API participants (500)",
            lambda: client.get(f"/api/v1/activities/{activity.pk}/participants?limit=500").status_code,
        ),
    ]
    for label, fn in scenarios:
        p50, p95, q = timed(fn, args.runs)
        print(f"{label:<40} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {q:3d} queries")

    scope, period = ReportScope(), Period.year(2023)

    def metrics():
        with batch():
            return {m: REGISTRY[m].compute(scope, period).value for m in EVENT_METRICS}

    values = metrics()
    p50, p95, q = timed(metrics, args.runs)
    print(f"{'event metrics (9), province, 2023':<40} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {q:3d} queries")
    for m, v in values.items():
        print(f"  {m:<36} {v}")


if __name__ == "__main__":
    main()
