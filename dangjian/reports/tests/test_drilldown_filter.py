"""The drill-down filter (?q=): in the database when every column can be compared there, else
record by record; both ways select the same records, and the page and the export agree."""

import datetime as dt

import pytest

from dangjian.core.metrics import Period, scope_for_org
from dangjian.meetings.metrics import MEETING_COLUMNS, held_meetings
from dangjian.people.metrics import COLUMNS as MEMBER_COLUMNS
from dangjian.people.selectors import members_on
from dangjian.reports.selectors import records_matching
from dangjian.tests.personas import held_meeting

YEAR = dt.date.today().year


def _same(qs, columns, q):
    in_db = records_matching(qs, columns, q)
    one_by_one = records_matching(list(qs), columns, q)
    assert not isinstance(in_db, list), "expected the database path"
    assert sorted(r.pk for r in in_db) == sorted(r.pk for r in one_by_one)
    return {r.pk for r in in_db}


@pytest.mark.parametrize("q", ["张三", "张", "正式党员", "预备", "党支部", f"{YEAR}-", "没有这个"])
def test_member_records_match_in_the_database_as_one_by_one(world, q):
    qs = members_on(day=dt.date(YEAR, 12, 31), org_path=world.root.path).select_related(
        "person", "organization"
    )
    _same(qs, MEMBER_COLUMNS, q)


def test_the_filter_finds_by_name_and_by_status_label(world):
    qs = members_on(day=dt.date(YEAR, 12, 31), org_path=world.root.path).select_related(
        "person", "organization"
    )
    assert {p.person.name for p in records_matching(qs, MEMBER_COLUMNS, "张三")} == {"张三"}
    probationary = records_matching(qs, MEMBER_COLUMNS, "预备党员")
    assert probationary and all(p.status == "probationary" for p in probationary)
    assert not records_matching(qs, MEMBER_COLUMNS, "没有这个")


@pytest.mark.parametrize("q", ["支部党员大会", "主题", f"{YEAR}-0", "没有这个"])
def test_meeting_records_match_in_the_database_as_one_by_one(world, q):
    held_meeting(world, title="主题党课")
    qs = held_meetings(scope_for_org(world.root), Period.year(YEAR), ["general_meeting", "lecture"])
    _same(qs, MEETING_COLUMNS, q)


def test_a_column_the_database_cannot_compare_is_filtered_one_by_one(world):
    qs = members_on(day=dt.date(YEAR, 12, 31), org_path=world.root.path).select_related("person")
    found = records_matching(qs, {"记录": "__str__"}, "张三")
    assert isinstance(found, list)
