"""Work prompt benchmark: the sent box (/meetings/prompts/?box=sent) and a prompt's detail page with
its read receipts, through Django's test client (all middleware, the template rendered), with the
full demo province loaded, as demo-committee: every demo prompt goes to all ~2,500 branches, each
given a secretary account here (1,500 of whom have read the newest prompt).
Scenarios: the sent box, the inbox, the detail page (page 1 of the receipts), the detail filtered
to one unit's unread readers, and the receipts export. 10 timed requests each after 2 warm-ups;
prints p50/p95 in ms and queries per request.

    .venv/bin/python bench/bench_prompts.py [--runs 10] [--rebuild]

Uses the private database of bench_demo.py (DANGJIAN_VAR_DIR, default /tmp/dangjian-bench-demo) and
builds the demo there first if it is missing. Asserts nothing. Target: p50 < 1 s (issue: these
pages answered 500 "Expression tree is too large" on SQLite).
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import ensure_demo, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(fresh=args.rebuild)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dangjian.accounts.models import User
    from dangjian.organizations.enums import OrgKind
    from dangjian.organizations.models import PartyOrganization
    from dangjian.prompts import selectors
    from dangjian.prompts.models import WorkPrompt, WorkPromptRead
    from dangjian.tests.personas import bulk_branch_readers

    ensure_demo()
    # The demo has a handful of accounts; give every branch its secretary so that a prompt to all
    # branches has ~2,500 readers, as it would in use (idempotent).
    branches = list(PartyOrganization.objects.filter(kind=OrgKind.BRANCH, is_active=True))
    bulk_branch_readers(branches, prefix="bench-reader")
    prompt = WorkPrompt.objects.order_by("-published_at").first()
    if not WorkPromptRead.objects.filter(prompt=prompt, user__username__startswith="bench-reader").exists():
        now = timezone.now()
        WorkPromptRead.objects.bulk_create(
            [
                WorkPromptRead(prompt=prompt, user=u, read_at=now)
                for u in User.objects.filter(username__startswith="bench-reader").order_by("?")[:1500]
            ]
        )
    receipts = selectors.prompt_receipt_stats(prompt=prompt)
    unit = next(u for u in receipts.units if u.unit_id)
    print(
        f"prompt {prompt.pk}: {prompt.recipients.count():,} recipients, {receipts.total:,} readers, "
        f"{receipts.unread:,} unread, {len(receipts.units)} units"
    )
    client = Client()
    client.force_login(User.objects.get(username="demo-committee"))
    detail = f"/meetings/prompts/{prompt.pk}/"
    scenarios = [
        ("sent box", "get", "/meetings/prompts/?box=sent", {}),
        ("inbox", "get", "/meetings/prompts/", {}),
        ("detail, receipts page 1", "get", detail, {}),
        ("detail, one unit unread", "get", detail, {"status": "unread", "unit": unit.unit_id}),
        ("detail, receipts page 20", "get", detail, {"page": 20}),
        ("receipts export (.xlsx)", "post", f"{detail}receipts.xlsx", {"status": "unread"}),
    ]
    for label, method, path, params in scenarios:

        def fetch(method=method, path=path, params=params):
            return getattr(client, method)(path, params).status_code

        for _ in range(2):
            status = fetch()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            status = fetch()
            times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fetch()
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"  {label:<26} {status}  p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms"
            f"  ({len(queries)} queries)"
        )


if __name__ == "__main__":
    main()
