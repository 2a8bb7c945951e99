"""党内统计: the year-end party statistics of a scope, in the standard table layout (rules.md §6a).

The stock is counted as of 12-31 by the organisation holding the member's formal relationship on
that day (MembershipPeriod in force); new members by the organisation that admitted them (the
period that starts on the admission date). Each table is rows (the organisations one level below
the scope, then the total) by columns (the categories of one dimension), as the 中组部 annual
tables are laid out. One query reads the members (a few columns each) and the tables are counted
in the database: one grouped query per table (conditional counts by the row organisation's path
prefix), so nothing per member travels to Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, F
from django.db.models.functions import Cast, Length

from dangjian.core.metrics import ReportScope
from dangjian.core.periods import in_force_on
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import (
    COLLEGE_OR_ABOVE,
    PARTY_MEMBER_STATUSES,
    PIPELINE_STATUSES,
    Education,
    Ethnicity,
    Gender,
    MembershipStatus,
    PersonCategory,
)
from dangjian.people.models import MembershipPeriod

AGE_BANDS = [
    ("30岁及以下", 0, 30),
    ("31-35岁", 31, 35),
    ("36-40岁", 36, 40),
    ("41-45岁", 41, 45),
    ("46-50岁", 46, 50),
    ("51-55岁", 51, 55),
    ("56-60岁", 56, 60),
    ("61岁及以上", 61, 999),
]
# 入党时间 as the 公报 groups it: before the founding of the PRC, to the Third Plenum of the 11th
# Central Committee (1978-12-18), to the 18th Congress (2012-11-08), since the 18th Congress.
JOINING_ERAS = [
    ("1949年10月以前", None, dt.date(1949, 10, 1)),
    ("1949年10月至1978年12月", dt.date(1949, 10, 1), dt.date(1978, 12, 18)),
    ("1978年12月至2012年10月", dt.date(1978, 12, 18), dt.date(2012, 11, 8)),
    ("党的十八大以来", dt.date(2012, 11, 8), None),
]
PARTY_AGE_BANDS = [
    ("不满5年", 0, 4),
    ("5-10年", 5, 10),
    ("11-20年", 11, 20),
    ("21-30年", 21, 30),
    ("31-40年", 31, 40),
    ("41-49年", 41, 49),
    ("50年及以上", 50, 999),
]
UNKNOWN = "未填写"


@dataclass
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)  # (row label, counts)


@dataclass
class Statistics:
    year: int
    day: dt.date
    scope: ReportScope
    tables: list[Table]
    members: int
    new_members: int


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _rows_of(scope: ReportScope) -> tuple[int, dict[str, str]]:
    """The row organisations: those one level below the scope (path length + 4), by path."""
    depth = len(scope.path) + 4
    qs = PartyOrganization.objects.filter(path__under=scope.path).annotate(n=Length("path")).filter(n=depth)
    return depth, dict(qs.order_by("path").values_list("path", "name"))


def _periods(scope: ReportScope, day: dt.date, statuses):
    qs = MembershipPeriod.objects.filter(
        in_force_on(day, start="valid_from", end="valid_to"), status__in=statuses
    )
    if scope.path:
        qs = qs.filter(organization__path__under=scope.path)
    return qs.order_by()


def _admissions(scope: ReportScope, first: dt.date, last: dt.date):
    """Probationary periods starting on the admission date within [first, last]: the admissions,
    counted by the organisation that admitted the member."""
    qs = MembershipPeriod.objects.filter(
        status=MembershipStatus.PROBATIONARY,
        valid_from__gte=first,
        valid_from__lte=last,
        valid_from=F("person__membership__admitted_on"),
    )
    if scope.path:
        qs = qs.filter(organization__path__under=scope.path)
    return qs.order_by()


DATE_FIELDS = {
    "birth": "person__birth_date",
    "admitted": "person__membership__admitted_on",
    "full": "person__membership__full_on",
}
FIELDS = (
    "status",
    "organization__path",
    "person__gender",
    "person__ethnicity",
    "birth",
    "person__education",
    "person__category",
    "admitted",
    "full",
)


def _raw(qs) -> list[tuple]:
    """The rows of FIELDS as the database gives them, dates cast to ISO text in the query (no
    per-value conversion: ISO dates compare as text, so the bands are string comparisons)."""
    texts = {k: Cast(f, output_field=CharField()) for k, f in DATE_FIELDS.items()}
    sql, params = qs.annotate(**texts).values_list(*FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _bander(day: dt.date, bands) -> Callable[[str | None], str]:
    """Whole years from an ISO date to `day` in bands, by comparing ISO text with the bounds."""
    bounds = [(label, _years_before(day, low).isoformat()) for label, low, _high in bands]

    def band(iso: str | None) -> str:
        if iso is None:
            return UNKNOWN
        for label, latest in reversed(bounds):  # the oldest band first
            if iso <= latest:
                return label
        return UNKNOWN  # after `day`

    return band


_ERA_BOUNDS = [
    (label, start.isoformat() if start else "", end.isoformat() if end else "9999")
    for label, start, end in JOINING_ERAS
]


def _era(iso: str | None) -> str:
    if iso is None:
        return UNKNOWN
    for label, start, end in _ERA_BOUNDS:
        if start <= iso < end:
            return label
    return UNKNOWN


class _Counter:
    """Counts per (table, row organisation, column) in one pass over the rows."""

    def __init__(self, depth: int, names: dict[str, str]):
        self.depth, self.names = depth, names
        self.counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))

    def add(self, tid: str, path: str, columns) -> None:
        row = self.counts[tid][path[: self.depth]]
        row["合计"] += 1
        for c in columns:
            row[c] += 1

    def table(self, tid: str, title: str, columns: list[str]) -> Table:
        data = self.counts.get(tid, {})
        total: Counter = Counter()
        for row in data.values():
            total.update(row)
        if total.get(UNKNOWN) and UNKNOWN not in columns:
            columns = columns + [UNKNOWN]
        header = ["合计"] + columns
        table = Table(tid, title, header)
        for path, name in self.names.items():
            if path in data:
                table.rows.append((name, [data[path].get(c, 0) for c in header]))
        own: Counter = Counter()
        for path, row in data.items():
            if path not in self.names:
                own.update(row)
        if own:  # held directly by the scope's own organisation
            table.rows.append(("本级", [own.get(c, 0) for c in header]))
        table.rows.append(("合计", [total.get(c, 0) for c in header]))
        return table


def party_statistics(*, scope: ReportScope, year: int) -> Statistics:
    day = dt.date(year, 12, 31)
    depth, names = _rows_of(scope)
    counter = _Counter(depth, names)
    ethnic = dict(Ethnicity.choices)
    education = dict(Education.choices)
    category = dict(PersonCategory.choices)
    status_label = dict(MembershipStatus.choices)
    age, party_age = _bander(day, AGE_BANDS), _bander(day, PARTY_AGE_BANDS)
    college = {str(e) for e in COLLEGE_OR_ABOVE}
    minorities: set[str] = set()
    full, han, female = MembershipStatus.FULL.value, Ethnicity.E01.value, Gender.FEMALE.value
    add = counter.add
    for status, path, gender, eth, birth, edu, cat, admitted, full_on in _raw(
        _periods(scope, day, PARTY_MEMBER_STATUSES)
    ):
        add("status", path, (status_label[status],))
        sex_eth = ["女"] if gender == female else []
        if eth != han:
            minorities.add(eth)
            sex_eth += ["少数民族", ethnic.get(eth, eth)]
        add("gender_ethnicity", path, sex_eth)
        add("age", path, (age(birth),))
        add("education", path, (["大专及以上"] if edu in college else []) + [education.get(edu, UNKNOWN)])
        add("joining_era", path, (_era(admitted),))
        if status == full:
            add("party_age", path, (party_age(full_on),))
        add("occupation", path, (category.get(cat, UNKNOWN),))
    young = _years_before(day, 36).isoformat()
    for _s, path, gender, eth, birth, edu, _c, _a, _f in _raw(_admissions(scope, dt.date(year, 1, 1), day)):
        cols = (["女"] if gender == female else []) + ([] if eth == han else ["少数民族"])
        cols += (["35岁及以下"] if birth is not None and birth > young else []) + (
            ["大专及以上"] if edu in college else []
        )
        add("new_members", path, cols)
    for status, path, *_rest in _raw(_periods(scope, day, PIPELINE_STATUSES)):
        add("pipeline", path, (status_label[status],))
    tables = [
        counter.table(
            "status",
            "党员数（按党员状态）",
            [MembershipStatus.FULL.label, MembershipStatus.PROBATIONARY.label],
        ),
        counter.table(
            "gender_ethnicity",
            "党员基本情况：性别、民族",
            ["女", "少数民族"] + [ethnic.get(e, e) for e in sorted(minorities)],
        ),
        counter.table("age", "党员年龄（截至12月31日）", [b[0] for b in AGE_BANDS]),
        counter.table("education", "党员学历", ["大专及以上"] + list(education.values())),
        counter.table("joining_era", "党员入党时间", [e[0] for e in JOINING_ERAS]),
        counter.table("party_age", "党龄（正式党员，自转正之日计算）", [b[0] for b in PARTY_AGE_BANDS]),
        counter.table("occupation", "党员职业", list(category.values())),
        counter.table(
            "new_members",
            f"{year}年发展党员（按接收时的党组织）",
            ["女", "少数民族", "35岁及以下", "大专及以上"],
        ),
        counter.table(
            "pipeline",
            "入党申请人、积极分子、发展对象",
            [label for v, label in MembershipStatus.choices if v in PIPELINE_STATUSES],
        ),
        _org_table(scope, day, depth, names),
    ]
    return Statistics(
        year, day, scope, tables, members=tables[0].rows[-1][1][0], new_members=tables[7].rows[-1][1][0]
    )


def _org_table(scope: ReportScope, day: dt.date, depth: int, names: dict) -> Table:
    qs = PartyOrganization.objects.filter(
        in_force_on(day, start="established_on", end="dissolved_on", open_start=True)
    ).exclude(kind=OrgKind.WORKING_COMMITTEE)
    if scope.path:
        qs = qs.filter(path__under=scope.path)
    counter = _Counter(depth, names)
    kinds = [OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.PARTY_GROUP]
    labels = {k.value: k.label for k in kinds}
    for path, kind in qs.order_by().values_list("path", "kind"):
        counter.add("organizations", path, (labels[kind],))
    return counter.table("organizations", "党组织（按类别）", [k.label for k in kinds])
