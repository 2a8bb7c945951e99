"""Roster import benchmark: a 50,000-row valid roster, validated (dry run) and committed, timed apart;
and, for comparison, django-import-export's default path (a ModelResource for Person, dry_run=True).

Runs on a PRIVATE database (never var/): DANGJIAN_VAR_DIR defaults to /tmp/dangjian-bench-import, whose
SQLite file is recreated on each run, with a small tree built here; or, with --demo, a copy of the demo
database (build it first: `dangjian demo --year 2023 --reset`), imported by its committee user into its
branches, next to the demo's people.

    .venv/bin/python bench/bench_import.py [--rows 50000] [--iex-rows 5000] [--no-commit] [--demo] [--floor]

Prints figures; asserts nothing. Targets: >= 20,000 rows/s validated, and 50,000 rows end to end (dry run
+ commit) in <= 5 s on the full demo (not met: 16 s of CPU in December 2026, see docs/scaling.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DANGJIAN_VAR_DIR", "/tmp/dangjian-bench-import")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("JOBS_MODE", "sync")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏宇浩然欣怡子涵梓轩思远晨阳"


def setup_db(demo: bool = False) -> None:
    import shutil
    import sqlite3

    import django
    from django.conf import settings

    var_dir = Path(os.environ["DANGJIAN_VAR_DIR"]).resolve()
    if var_dir == (ROOT / "var").resolve():
        sys.exit("refusing to run on the repository's var/: set DANGJIAN_VAR_DIR to a private directory")
    if os.environ.get("DATABASE_URL"):
        sys.exit("unset DATABASE_URL: this benchmark recreates its own SQLite database")
    var_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (var_dir / f"dangjian.sqlite3{suffix}").unlink(missing_ok=True)
    if demo:
        source = ROOT / "var" / "dangjian.sqlite3"
        if not source.exists():
            sys.exit("no demo database in var/: run `dangjian migrate && dangjian demo --year 2023 --reset`")
        with sqlite3.connect(source) as src, sqlite3.connect(var_dir / "dangjian.sqlite3") as dst:
            src.backup(dst)  # a consistent copy, WAL included
        for key in ("field_key", "index_key", "secret_key"):
            if (ROOT / "var" / key).exists():
                shutil.copy(ROOT / "var" / key, var_dir / key)
    django.setup()
    assert Path(settings.DATABASES["default"]["NAME"]).resolve().parent == var_dir
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_tree(units: int = 20, branches: int = 10):
    """A working committee, `units` units each with an organ committee and `branches` branches."""
    from dangjian.accounts.enums import Role
    from dangjian.organizations.enums import OrgKind, UnitCategory
    from dangjian.organizations.models import PartyOrganization, Unit
    from dangjian.organizations.models import path_segment as seg
    from dangjian.users import services as user_services

    unit_root = Unit.objects.create(name="省直机关工委", category=UnitCategory.COMMITTEE)
    root = PartyOrganization.objects.create(
        name="省直机关工委", kind=OrgKind.WORKING_COMMITTEE, unit=unit_root, path=seg(1), depth=1
    )
    pairs = []
    for u in range(1, units + 1):
        unit = Unit.objects.create(name=f"省第{u}厅", sort_order=u)
        oc = PartyOrganization.objects.create(
            name=f"省第{u}厅机关党委",
            kind=OrgKind.ORGAN_COMMITTEE,
            unit=unit,
            parent=root,
            root=root,
            path=root.path + seg(u),
            depth=2,
        )
        for b in range(1, branches + 1):
            PartyOrganization.objects.create(
                name=f"省第{u}厅第{b}党支部",
                kind=OrgKind.BRANCH,
                unit=unit,
                parent=oc,
                root=root,
                path=oc.path + seg(b),
                depth=3,
            )
            pairs.append((unit.name, f"省第{u}厅第{b}党支部"))
    user, _ = user_services.user_create(
        actor=None, username="bench-committee", display_name="bench", password="Bench-Passw0rd!x"
    )
    user_services.grant_create(actor=None, user=user, role=Role.COMMITTEE_STAFF, organization=root)
    return user, pairs


def demo_tree():
    """The demo's committee user and (unit, "parent/branch") pairs of its active branches."""
    from django.contrib.auth import get_user_model

    from dangjian.organizations import scoping
    from dangjian.organizations.enums import OrgKind

    user = get_user_model().objects.get(username="demo-committee")
    branches = (
        scoping.orgs_visible(user, write=True)
        .filter(kind=OrgKind.BRANCH, is_active=True, unit__is_active=True)
        .select_related("parent", "unit")
    )
    pairs = [(b.unit.name, f"{b.parent.name}/{b.name}") for b in branches.order_by("path")]
    return user, pairs


def roster_file(n: int, pairs) -> bytes:
    from dangjian.core import excel, idnumber
    from dangjian.people import imports

    rng = random.Random(2023)
    cols = [c for c in imports.COLUMNS if c.in_template]
    rows = []
    for i in range(n):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
        gender = rng.choice("MF")
        number = idnumber.synthetic(birth, gender, i % 500, area=f"{110101 + i // 500 % 90000:06d}")
        unit, org = pairs[i % len(pairs)]
        applied = birth.replace(year=birth.year + 20 + rng.randrange(10), day=min(birth.day, 28))
        admitted = applied + dt.timedelta(days=400 + rng.randrange(400))
        full = admitted + dt.timedelta(days=366)
        probationary = full > dt.date(2024, 6, 30)
        values = {
            "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN]),
            "id_number": number,
            "ethnicity": "汉族" if rng.random() < 0.9 else "回族",
            "native_place": "河北石家庄",
            "education": rng.choice(["大学本科", "研究生", "大学专科"]),
            "degree": "学士",
            "category": "党政机关工作人员",
            "unit": unit,
            "position": "科员",
            "organization": org,
            "status": "预备党员" if probationary else "正式党员",
            "applied_on": applied.isoformat(),
            "admitted_on": admitted.isoformat(),
            "full_on": "" if probationary else full.isoformat(),
            "is_mobile": "否",
            "is_lost_contact": "否",
            "phone": f"139{i:08d}",
        }
        rows.append([values.get(c.key, "") for c in cols])
    spec = excel.SheetSpec(
        imports.ROSTER_SHEET, [excel.Column(c.header, text=c.text) for c in cols], rows=rows
    )
    return excel.write_workbook([spec])


def bench_iex(data: bytes, n: int) -> float | None:
    """django-import-export's default path on the first `n` rows: tablib loads the xlsx (openpyxl), a
    ModelResource maps the Chinese headers to Person fields, import_data(dry_run=True)."""
    try:
        import tablib
        from import_export import fields, resources, widgets
    except ImportError:
        print("django-import-export not installed: skipped")
        return None
    from dangjian.core import crypto, idnumber
    from dangjian.organizations.models import PartyOrganization, Unit
    from dangjian.people.models import Person

    class PersonResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_masked = fields.Field(attribute="id_masked", column_name="公民身份号码")
        education = fields.Field(attribute="education", column_name="学历")
        position = fields.Field(attribute="position", column_name="职务")
        unit = fields.Field(
            attribute="unit", column_name="工作单位", widget=widgets.ForeignKeyWidget(Unit, "name")
        )
        organization = fields.Field(
            attribute="organization",
            column_name="所在党组织",
            widget=widgets.ForeignKeyWidget(PartyOrganization, "name"),
        )

        class Meta:
            model = Person
            fields = ("name", "id_masked", "education", "position", "unit", "organization")
            import_id_fields = ("id_masked",)  # no "id" column in a roster: match on the ID number

        def before_save_instance(self, instance, row, **kwargs):
            # the minimum a Person needs (derived from the ID number), as in our path
            number = idnumber.normalize(row["公民身份号码"])
            instance.id_bidx, instance.id_enc = crypto.blind_index(number), ""
            instance.birth_date, instance.gender = idnumber.birth_date(number), idnumber.gender(number)
            instance.name_pinyin = instance.name
            instance.root_id = instance.organization.root_id

    c = Clock()
    dataset = tablib.Dataset().load(data, format="xlsx")
    del dataset[n:]
    result = PersonResource().import_data(dataset, dry_run=True)
    span = c.stop()
    elapsed = span[0]
    print(
        f"django-import-export default path (tablib/openpyxl load + ModelResource, dry_run=True), {n:,} rows:"
    )
    print(_line("TOTAL", span, n))
    if result.has_errors() or result.has_validation_errors():
        first = (result.base_errors or [e for _, errs in result.row_errors() for e in errs] or [None])[0]
        invalid = result.invalid_rows[0].error_dict if result.invalid_rows else None
        print(f"  (django-import-export reported errors: {getattr(first, 'error', first)!r} {invalid})")
    return n / elapsed


class Clock:
    """Wall and CPU time of a phase: on a shared machine the CPU time of this (single-threaded) process
    is the fairer figure; both are printed."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _line(label: str, span: tuple[float, float], n: int | None = None) -> str:
    wall, cpu = span
    rate = f" = {n / wall:>9,.0f} rows/s wall, {n / cpu:>9,.0f} rows/s cpu" if n else ""
    return f"  {label:<26}{wall:7.2f} s wall {cpu:7.2f} s cpu{rate}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--iex-rows", type=int, default=5_000, help="0: skip django-import-export")
    parser.add_argument("--no-commit", action="store_true", help="time the validation only")
    parser.add_argument("--demo", action="store_true", help="on a copy of var/'s demo database")
    parser.add_argument(
        "--floor", action="store_true", help="also time the parts no faster code can avoid (rolled back)"
    )
    args = parser.parse_args()
    setup_db(args.demo)
    from django.urls import reverse

    from dangjian.people import imports
    from dangjian.people.fields import pinyin_key
    from dangjian.people.models import Person

    actor, pairs = demo_tree() if args.demo else build_tree()
    print(f"{Person.objects.count():,} people already, {len(pairs)} branches to import into")
    # warm-up (excluded): first-query and first-call costs of a fresh process (ORM caches, pypinyin data,
    # the URL resolver, which a web process has loaded long before)
    imports.validate_upload(actor=actor, data=roster_file(200, pairs))
    pinyin_key("预热")
    reverse("people:import_result", args=[1])
    t = time.perf_counter()
    data = roster_file(args.rows, pairs)
    print(
        f"generated {args.rows:,} rows, {len(data) / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s "
        f"(db: {os.environ['DANGJIAN_VAR_DIR']}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )

    total = Clock()
    c = Clock()
    roster = imports.read_roster(data)
    read = c.stop()
    c = Clock()
    lookups = imports.load_lookups(actor, roster)
    look = c.stop()
    c = Clock()
    validation = imports.validate(roster, lookups)
    rows_only = c.stop()
    whole = total.stop()
    n = validation.rows
    assert not validation.errors, validation.errors[:5]
    print(f"validate (dry run), {n:,} rows, would create {validation.creates:,}:")
    print(_line("read .xlsx (calamine)", read))
    print(_line("lookups (IDs + 4 queries)", look))
    print(_line("validate rows", rows_only, n))
    print(_line("TOTAL validate", whole, n))

    if args.iex_rows:  # before our commit, so that it also sees an empty people table
        iex = bench_iex(data, min(args.iex_rows, n))
        if iex:
            ours = n / whole[0]
            print(
                f"  ratio (wall): ours {ours:,.0f} rows/s vs django-import-export {iex:,.0f} rows/s"
                f" = {ours / iex:.0f}x"
            )

    if args.floor:
        floor(actor, validation, read)
    if args.no_commit:
        return
    before = Person.objects.count()
    from dangjian.core import excel

    excel._PASSED.clear()  # as a new upload: checked once, when stored (read_roster above checked it)
    c = Clock()
    vjob = imports.roster_import_submit(actor=actor, data=data, filename="bench.xlsx")
    dry = c.stop()
    assert vjob.status == "done" and not vjob.result["error_count"], vjob.message
    c = Clock()
    cjob = imports.roster_commit_submit(actor=actor, validate_job=vjob)
    commit = c.stop()
    assert cjob.status == "done", cjob.message
    print(
        f"end to end as the jobs run it (upload, dry run job, commit job): created {cjob.result['created']:,} "
        f"(persons {before:,} -> {Person.objects.count():,})"
    )
    print(_line("dry run job", dry, n))
    print(_line("commit job", commit, n))
    print(_line("TOTAL dry run + commit", (dry[0] + commit[0], dry[1] + commit[1]), n))

    c = Clock()
    again = imports.validate_upload(actor=actor, data=data)
    print(f"re-validate the same file (all {again.updates:,} rows are now updates):")
    print(_line("TOTAL validate", c.stop(), n))


def floor(actor, validation, read: tuple[float, float]) -> None:
    """The parts of a commit that stay whatever the Python around them: the SM4-GCM encryption of
    each ID number and phone (one cipher call each), and the inserts of the prepared rows into the
    four tables with their indexes (executemany, then rolled back). With the reading of the file,
    their sum is the least the import can cost on this machine as specified."""
    from django.db import transaction

    from dangjian.core import bulk, crypto
    from dangjian.people.imports import commit

    creates = [p for p in validation.plans if p.action == "create"]
    values = [p.number for p in creates] + [p.phone for p in creates if p.phone]
    c = Clock()
    for v in values:
        crypto.encrypt(v)
    cipher = c.stop()
    c = Clock()
    prepared = commit._prepare_creates(actor, creates, None)
    prep = c.stop()
    per_table: dict[str, tuple[float, float]] = {}
    insert_rows = bulk.insert_rows

    def timed_insert(model, rows, **kwargs):
        t = Clock()
        result = insert_rows(model, rows, **kwargs)
        per_table[model._meta.label] = t.stop()
        return result

    bulk.insert_rows = timed_insert
    c = Clock()
    try:
        with transaction.atomic():
            commit._write_creates(prepared)
            inserts = c.stop()
            transaction.set_rollback(True)
    finally:
        bulk.insert_rows = insert_rows
    n = len(creates)
    print(f"floor of the commit, {n:,} new people (nothing kept):")
    print(_line(f"SM4-GCM x {len(values):,}", cipher))
    print(_line("prepare rows (with SM4)", prep, n))
    print(_line("insert 4 tables, no commit", inserts, n))
    for label, span in per_table.items():
        print(_line(f"  {label}", span))
    total = tuple(a + b + c for a, b, c in zip(read, cipher, inserts, strict=True))
    print(_line("FLOOR read+SM4+inserts", total, n))


if __name__ == "__main__":
    main()
