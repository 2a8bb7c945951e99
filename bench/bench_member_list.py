"""Member list benchmark: GET /people/members/ through Django's test client (all middleware, the
template rendered) with the full demo province loaded, as demo-committee (the whole province) and
as demo-branch (one branch): page 1, a filtered name search, and a search by the ID number's
last digits. 30 timed requests each after 2 warm-ups; prints p50/p95 in ms and queries per request.
With --selector (or when the page cannot be served) it also times the selector alone: member_list
+ count + the page slice rendered into dicts.

    .venv/bin/python bench/bench_member_list.py [--runs 30] [--rebuild] [--selector]

Uses the private database of bench_demo.py (DANGJIAN_VAR_DIR, default /tmp/dangjian-bench-demo) and
builds the demo there first if it is missing. Asserts nothing. Target: p50 < 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _private_db import setup

SCENARIOS = [
    ("page 1", {}),
    ("name search + filters", {"q": "王", "gender": "F", "education": "bachelor", "sort": "-admitted"}),
    ("ID tail search", {"q": "1234"}),
    ("page 20", {"page": "20"}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--selector", action="store_true", help="also time the selector without the view")
    args = parser.parse_args()
    setup(fresh=args.rebuild)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.accounts.models import User
    from dangjian.demo import builder as demo
    from dangjian.people.models import Person

    if not User.objects.filter(username="demo-committee").exists():
        print("building the demo province first (scale 1)...")
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=1.0, password="Bench-Passw0rd!", log=lambda s: None)
    print(f"{Person.objects.count():,} people in the database")
    users = [User.objects.get(username=u) for u in ("demo-committee", "demo-branch")]
    try:
        Client().get("/accounts/login/")
        modes = ["page", "selector"] if args.selector else ["page"]
    except Exception as e:  # the page is being written by someone else: measure what is there
        print(f"  the page fails ({type(e).__name__}: {e}); measuring the selector instead")
        modes = ["selector"]
    for mode in modes:
        print(
            f"-- {'GET /people/members/ (test client, all middleware, rendered)' if mode == 'page' else 'selector'}"
        )
        for user in users:
            fetch = page_fetcher(user) if mode == "page" else selector_fetcher(user)
            for label, params in SCENARIOS:
                for _ in range(2):
                    status = fetch(params)
                times = []
                for _ in range(args.runs):
                    t = time.perf_counter()
                    status = fetch(params)
                    times.append((time.perf_counter() - t) * 1000)
                with CaptureQueriesContext(connection) as queries:
                    fetch(params)
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                print(
                    f"  {user.username:<15} {label:<22} {status}  p50 {statistics.median(times):6.1f} ms"
                    f"  p95 {p95:6.1f} ms  ({len(queries)} queries)"
                )


def page_fetcher(user):
    from django.test import Client

    client = Client()
    client.force_login(user)

    def fetch(params):
        return f"HTTP {client.get('/people/members/', params).status_code}"

    return fetch


def selector_fetcher(user):
    """member_list + count + the page slice, rows rendered into dicts (no template, no middleware)."""
    import datetime as dt

    from django.core.paginator import Paginator

    from dangjian.people import selectors

    def fetch(params):
        filters = selectors.MemberFilters.from_params(params)
        page = Paginator(selectors.member_list(actor=user, filters=filters), 50).get_page(params.get("page"))
        today = dt.date.today()
        rows = [
            {
                "name": p.name,
                "gender": p.get_gender_display(),
                "id": p.id_masked,
                "org": p.organization.name,
                "unit": p.unit.name,
                "status": p.membership.get_status_display(),
                "admitted": p.membership.admitted_on,
                "party_age": p.membership.party_age_on(today),
            }
            for p in page.object_list
        ]
        return f"{len(rows):>2} rows of {page.paginator.count:,}"

    return fetch


if __name__ == "__main__":
    main()
