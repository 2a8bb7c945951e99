"""Campaign and volunteer figures benchmark on the full demo province.

1. The ten campaign and volunteer metrics of the annual report (党员进社区: units, branches,
   members, deeds, difficulties solved; volunteer service: units, branches, members, projects,
   beneficiaries) for the province and for one unit, for 2023, computed together as the report
   does (core.metrics.batch): median of --runs.
2. GET /campaigns/<id>/ of the 党员进社区 campaign (its figures for the viewer's scope, the per-unit
   table and chart, the first page of activities) through Django's test client, as demo-committee
   (the province), demo-unit and demo-branch: p50 / p95 and queries per request.

    .venv/bin/python bench/bench_campaigns.py [--runs 10] [--rebuild]

Private database: DANGJIAN_VAR_DIR (default /tmp/dangjian-bench-campaigns); the demo province is
built there first unless present. Prints ms; asserts nothing. Targets: the metrics < 1 s (with the
training metrics), the campaign page < 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import ensure_demo, setup

IDS = [
    "community_campaign_units",
    "community_campaign_branches",
    "community_campaign_members",
    "community_campaign_deeds",
    "community_campaign_problems_solved",
    "volunteer_units",
    "volunteer_branches",
    "volunteer_members",
    "volunteer_projects",
    "volunteer_beneficiaries",
]
USERS = ["demo-committee", "demo-unit", "demo-branch"]


def _ms(samples: list[float]) -> str:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return f"p50 {statistics.median(s) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild, var_dir="/tmp/dangjian-bench-campaigns")
    ensure_demo()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.accounts.models import User
    from dangjian.activities.models import Campaign, Participation
    from dangjian.core.metrics import Period, ReportScope, compute_all, scope_for_org
    from dangjian.organizations.models import PartyOrganization

    print(f"participation rows: {Participation.objects.count():,}  ({connection.vendor})")
    period = Period.year(2023)
    unit_org = PartyOrganization.objects.filter(kind="organ_committee").order_by("path").first()
    for label, scope in (("province", ReportScope()), (f"unit {unit_org.name}", scope_for_org(unit_org))):
        samples, values = [], {}
        for _ in range(args.runs + 1):
            t = time.perf_counter()
            values = compute_all(scope, period, IDS)
            samples.append(time.perf_counter() - t)
        print(f"-- the 10 campaign/volunteer metrics, {label}: {_ms(samples[1:])}")
        print("   " + ", ".join(f"{k}={v}" for k, v in values.items()))
    campaign = Campaign.objects.get(reporting__report_line="community")
    print(f"-- GET /campaigns/{campaign.pk}/ (test client, all middleware, rendered)")
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = f"/campaigns/{campaign.pk}/"
        for _ in range(2):
            assert client.get(url).status_code == 200
        samples, queries = [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - t)
            assert response.status_code == 200
            queries = len(ctx.captured_queries)
        print(f"   {username:15s} {_ms(samples)}  {queries} queries")


if __name__ == "__main__":
    main()
