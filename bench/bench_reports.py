"""Reports benchmark: the province's annual report computed live, metric by metric; the summary
rendered, as .docx and .pdf; a drill-down page; the party statistics; the dashboards.

    .venv/bin/python bench/bench_reports.py [--scale 1] [--runs 3] [--only metric_id,...]

Builds the demo province at --scale in a PRIVATE SQLite database (DANGJIAN_VAR_DIR, default
/tmp/dangjian-bench-reports-<scale>; never var/) unless it is there, then prints milliseconds
(median of --runs; the report values are computed live each run, the cache is not used).
Targets (issue 12): report < 1 s, .docx < 3 s, .pdf < 10 s, drill-down page < 200 ms, statistics < 2 s.
`--report-only` stops after the report. `--only` times just the named metrics, each alone (median of --runs, wall and CPU), and nothing else.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _private_db import setup

CPU: list[float] = []  # the CPU time (ms) of the last `timed` call: on SQLite the queries run in
# this process, so on a shared machine it is the fairer figure (the wall time includes waiting)


def timed(fn, runs: int) -> tuple[float, object]:
    times, cpus, result = [], [], None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    CPU[:] = [statistics.median(cpus)]
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated metric ids: time only these")
    parser.add_argument(
        "--report-only", action="store_true", help="the annual report alone, not the documents"
    )
    args = parser.parse_args()
    os.environ.setdefault("DANGJIAN_VAR_DIR", f"/tmp/dangjian-bench-reports-{args.scale:g}")
    setup(fresh=False)

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.core import charts
    from dangjian.core.metrics import REGISTRY, Period, batch, scope_for_org
    from dangjian.demo import builder as demo
    from dangjian.organizations.models import PartyOrganization
    from dangjian.people.models import MembershipPeriod
    from dangjian.reports import documents, summary
    from dangjian.reports.statistics import party_statistics

    if not User.objects.filter(username="demo-committee").exists():
        print(f"building the demo province first (scale {args.scale:g})...", flush=True)
        t = time.perf_counter()
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=args.scale, password="Bench-Passw0rd!", log=lambda s: None)
        print(f"  built in {time.perf_counter() - t:.0f} s")
    root = PartyOrganization.objects.filter(parent__isnull=True).order_by("path").first()
    scope, period = scope_for_org(root), Period.year(2023)
    print(
        f"scale {args.scale:g}: {MembershipPeriod.objects.count()} membership periods, {len(REGISTRY)} metrics"
    )

    if args.only:
        for mid in args.only.split(","):
            metric = REGISTRY[mid]

            def one(metric=metric):
                cache.clear()
                with batch():
                    return metric.compute(scope, period).value

            ms, value = timed(one, args.runs)
            print(f"    {mid:<42} {ms:7.1f} ms   (cpu {CPU[0]:.1f} ms)   = {value}")
        return

    per_metric: dict[str, float] = {}

    def report():
        per_metric.clear()
        cache.clear()  # live: the cadence compliance is cached between requests; not here
        with batch():
            out = {}
            for mid, m in REGISTRY.items():
                t = time.perf_counter()
                out[mid] = m.compute(scope, period).value
                per_metric[mid] = (time.perf_counter() - t) * 1000
        return out

    ms, values = timed(report, args.runs)
    print(
        f"annual report, all metrics, live:     {ms:8.0f} ms   (cpu {CPU[0]:.0f} ms, load {os.getloadavg()[0]:.1f})"
    )
    ranked = sorted(per_metric.items(), key=lambda x: -x[1])
    for mid, t in ranked[:25]:
        print(f"    {mid:<42} {t:7.1f} ms")
    print(f"    the other {len(ranked) - 25} metrics together       {sum(t for _, t in ranked[25:]):7.1f} ms")
    if args.report_only:
        return
    assert isinstance(values, dict)
    summary.build(scope=scope, year=2023, values=values)  # warm-up: the URL resolver's first load
    ms, doc = timed(lambda: summary.build(scope=scope, year=2023, values=values), args.runs)
    print(f"summary text (values given):          {ms:8.1f} ms")
    ms, _ = timed(lambda: documents.to_docx(doc), args.runs)  # type: ignore[arg-type]
    print(f"summary .docx:                        {ms:8.0f} ms")
    ms, _ = timed(lambda: documents.to_pdf(doc), args.runs)  # type: ignore[arg-type]
    print(f"summary .pdf:                         {ms:8.0f} ms")
    ms, _ = timed(lambda: party_statistics(scope=scope, year=2023), args.runs)
    print(f"party statistics (10 tables):         {ms:8.0f} ms   (cpu {CPU[0]:.0f} ms)")

    def all_charts():
        with batch():
            return [c.compute(scope, period) for c in charts.ordered()]

    ms, _ = timed(all_charts, args.runs)
    print(f"dashboards ({len(charts.REGISTRY)} charts):                {ms:8.0f} ms")

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username="demo-committee"))
    for url in [
        "/reports/metrics/members_year_end/?year=2023",
        "/reports/metrics/org_life_study_sessions/?year=2023",
        "/reports/metrics/org_life_study_sessions/?year=2023&q=主题",
    ]:
        ms, _ = timed(lambda u=url: client.get(u), args.runs)
        print(f"drill-down page {url[17:]:<55} {ms:6.0f} ms   (cpu {CPU[0]:.0f} ms)")
    cache.clear()
    ms, _ = timed(lambda: (cache.clear(), client.get("/reports/summary/?year=2023")), args.runs)
    print(f"summary page, uncached:               {ms:8.0f} ms")


if __name__ == "__main__":
    main()
