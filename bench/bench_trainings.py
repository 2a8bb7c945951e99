"""Trainings benchmark on the full demo province.

Prints, cold and warm (p50 of --runs): the five training metrics of the 2023 summary for the
province together; a class page with its trainees (the largest class); the trainee export; the
year's hours page for the committee (every member of the province) and for a branch.

    .venv/bin/python bench/bench_trainings.py [--runs 5] [--rebuild]

Private database: DANGJIAN_VAR_DIR (default /tmp/dangjian-bench-demo; copy a built var/ there to
skip the build). Asserts nothing. Targets (issue 9): all training, campaign and volunteer metrics
for the province for a year < 1 s together.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import ensure_demo, setup

IDS = [
    "cadre_20th_congress_training_classes",
    "cadre_20th_congress_trainees",
    "member_education_classes",
    "member_education_trainees",
    "city_county_training_classes",
]


def _timed(fn, runs):
    t = time.perf_counter()
    fn()
    cold = (time.perf_counter() - t) * 1000
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return cold, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild)
    ensure_demo()

    from django.db.models import Count
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.core.metrics import Period, ReportScope, compute_all
    from dangjian.trainings.models import TrainingClass

    period = Period.year(2023)
    cold, warm = _timed(lambda: compute_all(ReportScope(), period, IDS), args.runs)
    values = compute_all(ReportScope(), period, IDS)
    print(f"training metrics, province, 2023: cold {cold:.0f} ms, p50 {warm:.0f} ms  {values}")

    biggest = TrainingClass.objects.annotate(n=Count("activity__participation")).order_by("-n").first()
    assert biggest is not None
    committee = Client()
    committee.force_login(User.objects.get(username="demo-committee"))
    branch = Client()
    branch.force_login(User.objects.get(username="demo-branch"))
    for label, client, url in [
        (f"class page ({biggest.n} trainees)", committee, f"/trainings/classes/{biggest.pk}/"),
        ("trainee export .xlsx", committee, f"/trainings/classes/{biggest.pk}/export/trainees/"),
        ("hours page, committee (province)", committee, "/trainings/hours/?year=2023"),
        ("hours page, branch", branch, "/trainings/hours/?year=2023"),
        ("hours export, committee (province)", committee, "/trainings/hours/export/?year=2023"),
    ]:
        status = client.get(url).status_code
        cold, warm = _timed(lambda c=client, u=url: c.get(u), args.runs)
        print(f"{label}: HTTP {status}, cold {cold:.0f} ms, p50 {warm:.0f} ms")


if __name__ == "__main__":
    main()
