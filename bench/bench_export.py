"""Benchmark: export N party members to .xlsx through the real job handler.

Run by hand (never against var/ unless you mean it):

    DANGJIAN_VAR_DIR=/tmp/bench-export .venv/bin/python bench/bench_export.py [N]

With an empty database it migrates, then builds a small tree and N members with bulk_create
(valid synthetic ID numbers, encrypted like the real thing). With a database that already holds
at least N members (e.g. the demo) it exports what is there. Prints rows/s for the export and the
time of one member-list page for the whole scope.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["JOBS_MODE"] = "sync"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000


def build(n: int):
    from dangjian.accounts.enums import Role
    from dangjian.accounts.models import RoleGrant, User
    from dangjian.core.idnumber import synthetic
    from dangjian.organizations.enums import OrgKind
    from dangjian.organizations.models import PartyOrganization, Unit
    from dangjian.people.enums import Education, MembershipStatus
    from dangjian.people.fields import mask_phone, pinyin_key, protected_id_fields
    from dangjian.people.models import Membership, MembershipPeriod, Person

    rnd = random.Random(7)
    unit = Unit.objects.create(name="基准测试单位")
    root = PartyOrganization.objects.create(
        name="基准工委", kind=OrgKind.WORKING_COMMITTEE, unit=unit, path="9001", depth=1
    )
    branches = [
        PartyOrganization.objects.create(
            name=f"基准第{i}党支部",
            kind=OrgKind.BRANCH,
            unit=unit,
            parent=root,
            root=root,
            path=f"9001{i:04d}",
            depth=2,
        )
        for i in range(1, 101)
    ]
    surnames, given = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英",
    )
    from dangjian.core import crypto

    people, seen = [], set()
    for i in range(n):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(365 * 50))
        gender = "M" if rnd.random() < 0.6 else "F"
        area = f"{rnd.randrange(110000, 659999):06d}"
        number = synthetic(birth, gender, i, area=area)
        if number in seen:
            continue
        seen.add(number)
        name = rnd.choice(surnames) + rnd.choice(given) + (rnd.choice(given) if rnd.random() < 0.7 else "")
        phone = f"13{rnd.randrange(10**9):09d}"
        org = branches[i % len(branches)]
        people.append(
            Person(
                name=name,
                name_pinyin=pinyin_key(name),
                education=Education.BACHELOR,
                unit=unit,
                organization=org,
                root=root,
                phone_enc=crypto.encrypt(phone),
                phone_masked=mask_phone(phone),
                position="科员",
                **protected_id_fields(number),
            )
        )
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=2000)
        ids = list(Person.objects.filter(root=root).values_list("id", "birth_date", "organization_id"))
        memberships, periods = [], []
        for pk, birth, org_id in ids:
            admitted = min(birth.replace(day=1, year=birth.year + 25), dt.date(2024, 1, 1))
            full = admitted.replace(year=admitted.year + 1)
            status = MembershipStatus.FULL if rnd.random() < 0.95 else MembershipStatus.PROBATIONARY
            memberships.append(
                Membership(
                    person_id=pk,
                    status=status,
                    applied_on=admitted.replace(year=admitted.year - 2),
                    admitted_on=admitted,
                    full_on=full if status == "full" else None,
                )
            )
            periods.append(
                MembershipPeriod(person_id=pk, organization_id=org_id, status=status, valid_from=admitted)
            )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        MembershipPeriod.objects.bulk_create(periods, batch_size=2000)
    user = User.objects.create_user(username="bench-committee", password="x-Bench-123456")
    RoleGrant.objects.create(user=user, role=Role.COMMITTEE_STAFF, organization=root)
    return user


def main():
    from dangjian.accounts.models import User
    from dangjian.core.excel import read_rows
    from dangjian.core.jobs import job_dir, job_submit
    from dangjian.people.exports import KIND
    from dangjian.people.models import Person

    call_command("migrate", verbosity=0)
    user = User.objects.filter(username__in=["bench-committee", "demo-committee"]).first()
    if user is None or Person.objects.count() < N:
        t = time.perf_counter()
        user = build(N)
        print(f"built {Person.objects.count()} people in {time.perf_counter() - t:.1f} s")
    for full_ids in (False, True):
        t = time.perf_counter()
        job = job_submit(actor=user, kind=KIND, title="bench", params={"filters": {}, "full_ids": full_ids})
        elapsed = time.perf_counter() - t
        job.refresh_from_db()
        path = job_dir(job) / job.result_file
        rows = job.result.get("rows", 0)
        print(
            f"export full_ids={full_ids}: status={job.status} {rows} rows in {elapsed:.2f} s "
            f"= {rows / elapsed:,.0f} rows/s, {path.stat().st_size / 1e6:.1f} MB"
        )
    t = time.perf_counter()
    n = len(read_rows(path.read_bytes())) - 2
    print(f"read back {n} rows in {time.perf_counter() - t:.2f} s")

    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get("/people/members/")
    times = []
    for _ in range(5):
        t = time.perf_counter()
        assert client.get("/people/members/").status_code == 200
        times.append(time.perf_counter() - t)
    print(f"member list page (whole scope): p50 {sorted(times)[2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
