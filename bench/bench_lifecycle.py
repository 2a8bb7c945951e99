"""Member lifecycle at the full demo scale: the medal-eligible list and the fee ledger of the whole
province for a year (target < 1 s each), and 1,000 transfers accepted one after another (none
lost; the membership counts as of each acceptance day right).

    DANGJIAN_VAR_DIR=/tmp/dangjian-bench-lifecycle .venv/bin/python bench/bench_lifecycle.py [--rebuild]

Uses its own private SQLite database (default /tmp/dangjian-bench-lifecycle) and builds the demo
province there first if it is missing. Prints the figures; asserts only that no transfer is lost
and that the counts agree (the point of the exercise), never timings."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time

from _private_db import setup

os.environ.setdefault("DANGJIAN_VAR_DIR", "/tmp/dangjian-bench-lifecycle")


def timed(fn, runs: int = 5):
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--transfers", type=int, default=1000)
    args = parser.parse_args()
    setup(fresh=args.rebuild)
    from _private_db import ensure_demo

    t = time.perf_counter()
    ensure_demo()
    print(f"demo ready ({time.perf_counter() - t:.1f} s)")

    from dangjian.accounts.models import User
    from dangjian.care import selectors as care
    from dangjian.care.documents import eligible_xlsx
    from dangjian.fees import selectors as fees
    from dangjian.people.enums import MembershipStatus
    from dangjian.people.models import CadrePost, Person
    from dangjian.people.selectors import members_on
    from dangjian.transfers import services
    from dangjian.transfers.enums import TransferKind, TransferStatus
    from dangjian.transfers.models import Transfer

    committee = User.objects.get(username="demo-committee")
    year = 2023

    def medal_list():
        return list(care.medal_eligible(actor=committee, year=year, include_awarded=True))

    rows, p50, worst = timed(medal_list)
    print(
        f"medal-eligible list, province {year}: {len(rows)} members, p50 {p50 * 1000:.0f} ms, max {worst * 1000:.0f} ms"
    )
    _, p50, worst = timed(lambda: eligible_xlsx(actor=committee, people=rows, year=year), runs=3)
    print(f"  as .xlsx: p50 {p50 * 1000:.0f} ms")

    as_of = dt.date(year, 12, 31)

    def province_ledger():
        return fees.ledger("", year, as_of=as_of, with_rows=False), fees.ledger_by_branch(
            "", year, as_of=as_of
        )

    (book, summary), p50, worst = timed(province_ledger)
    print(
        f"fee ledger, province {year} (totals + {len(summary)} organisations): due {book.due}, paid "
        f"{book.payments_total}, arrears {book.arrears} yuan; p50 {p50 * 1000:.0f} ms, max {worst * 1000:.0f} ms"
    )
    branch = max(summary, key=lambda c: c["members"])
    from dangjian.organizations.models import PartyOrganization as Org

    path = Org.objects.get(pk=branch["organization_id"]).path
    book, p50, worst = timed(lambda: fees.ledger(path, year, as_of=as_of))
    print(
        f"fee ledger of the largest branch ({len(book.rows)} members' rows), reconciles={book.reconciles}: "
        f"p50 {p50 * 1000:.0f} ms"
    )

    # 1,000 transfers, started and accepted one after another, each on its own day
    rng = random.Random(7)
    busy = set(Transfer.objects.filter(status=TransferStatus.PENDING).values_list("person_id", flat=True))
    busy |= set(CadrePost.objects.values_list("person_id", flat=True))
    people = [
        p
        for p in Person.objects.filter(membership__status=MembershipStatus.FULL, organization__kind="branch")
        .select_related("organization")
        .order_by("id")
        if p.pk not in busy
    ]
    branches = sorted({p.organization_id for p in people})
    chosen = rng.sample(people, args.transfers)
    start = dt.date(2024, 1, 2)
    before_total = members_on(day=start - dt.timedelta(days=1)).count()
    moves, accept_times = [], []
    from dangjian.organizations.models import PartyOrganization

    orgs = PartyOrganization.objects.in_bulk(branches)
    for i, person in enumerate(chosen):
        day = start + dt.timedelta(days=i // 4)
        target = orgs[rng.choice([b for b in branches if b != person.organization_id])]
        t = services.transfer_start(
            actor=committee, person=person, kind=TransferKind.WITHIN, to_org_id=target.pk, started_on=day
        )
        t0 = time.perf_counter()
        services.transfer_accept(actor=committee, transfer=t, on=day)
        accept_times.append(time.perf_counter() - t0)
        moves.append((person.pk, person.organization_id, target.pk, day, t.pk))
    done = Transfer.objects.filter(pk__in=[m[4] for m in moves], status=TransferStatus.COMPLETED).count()
    placed = dict(Person.objects.filter(pk__in=[m[0] for m in moves]).values_list("id", "organization_id"))
    lost = [m for m in moves if placed[m[0]] != m[2]]
    print(
        f"{len(moves)} transfers accepted one after another: {done} completed, {len(lost)} lost; "
        f"accept p50 {statistics.median(accept_times) * 1000:.1f} ms, max {max(accept_times) * 1000:.1f} ms"
    )
    assert done == len(moves) and not lost
    # counts as of each day: the province total never changes; each branch's count on a day equals
    # its count the day before plus the arrivals and minus the departures of that day
    days = sorted({m[3] for m in moves})
    wrong, totals = 0, set()
    for day in days:
        totals.add(members_on(day=day).count())
        todays = [m for m in moves if m[3] == day]
        for _pid, src, dst, _d, _t in todays[:2]:
            for org in (src, dst):
                path = orgs[org].path
                now = members_on(day=day, org_path=path).count()
                prev = members_on(day=day - dt.timedelta(days=1), org_path=path).count()
                expected = sum(1 for m in todays if m[2] == org) - sum(1 for m in todays if m[1] == org)
                wrong += now - prev != expected
    print(
        f"membership counts as of each of {len(days)} days: province total {sorted(totals)} "
        f"(before: {before_total}), {wrong} branch counts wrong"
    )
    assert totals == {before_total} and wrong == 0


if __name__ == "__main__":
    main()
