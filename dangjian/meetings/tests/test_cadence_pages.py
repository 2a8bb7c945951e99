"""The cadence pages: compliance table and chart, overdue list, export; scope and query counts."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangjian.core.models import AuditEvent
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.organizations.services import next_child_path

pytestmark = pytest.mark.usefixtures("committees")

URL = "/meetings/cadence/"


def held(org, kind, when):
    return Meeting.objects.create(
        organization=org, root=org.root, kind=kind, status=MeetingStatus.HELD, title="会议", held_at=when
    )


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def test_the_committee_sees_every_branch_and_the_chart_by_unit(world, login):
    held(world.a1, MeetingKind.COMMITTEE_MEETING, at(2023, 1, 5))
    response = login(world.committee).get(URL, {"year": 2023})
    assert response.status_code == 200
    html = response.content.decode()
    for org in (world.a1, world.a2, world.a3, world.b1):
        assert org.name in html
    assert 'data-chart="chart-cadence-units"' in html
    chart = json.loads(html.split('id="chart-cadence-units"')[1].split(">", 1)[1].split("</script>")[0])
    # lowest rate first; each bar links to the compliance page of the unit's committee
    assert chart["categories"] == ["省教育厅", "省财政厅"] and chart["horizontal"]
    assert chart["links"] == [f"{URL}?year=2023&org={world.oc_b.pk}", f"{URL}?year=2023&org={world.oc_a.pk}"]
    assert f'<a href="{URL}?year=2023&amp;org={world.oc_b.pk}">省教育厅</a>' in html
    assert "地方通行做法" in html and "第十二条" in html  # rule sources and confidence shown


def test_the_table_marks_missing_months(world, login):
    for month in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12):
        held(world.a1, MeetingKind.COMMITTEE_MEETING, at(2023, month, 5))
    html = login(world.secretary).get(URL, {"year": 2023}).content.decode()
    assert "未达标 11/12" in html and "缺：2023年3月" in html


def test_a_month_range_and_the_only_missing_filter(world, login):
    for month in (1, 2, 3):
        held(world.a1, MeetingKind.COMMITTEE_MEETING, at(2023, month, 5))
        held(world.a1, MeetingKind.THEMED_DAY, at(2023, month, 6))
    held(world.a1, MeetingKind.GENERAL_MEETING, at(2023, 2, 7))
    held(world.a1, MeetingKind.LECTURE, at(2023, 3, 7))
    client = login(world.unit_staff)
    html = client.get(URL, {"month_from": "2023-01", "month_to": "2023-03"}).content.decode()
    assert "2023年1月至2023年3月" in html and world.a2.name in html and world.a1.name in html
    html = client.get(
        URL, {"month_from": "2023-01", "month_to": "2023-03", "only_missing": "1"}
    ).content.decode()
    assert world.a2.name in html and world.a1.name not in html
    bad = client.get(URL, {"month_from": "2023-05", "month_to": "2023-01"}).content.decode()
    assert "结束月份不能早于开始月份" in bad


def test_the_secretary_of_a1_never_sees_b1(world, login):
    client = login(world.secretary)
    html = client.get(URL, {"year": 2023}).content.decode()
    assert world.a1.name in html and world.b1.name not in html and world.a2.name not in html
    assert "data-chart" not in html  # the chart is for committee staff
    assert client.get(URL, {"org": world.b1.pk}).status_code == 404
    assert client.get("/meetings/cadence/overdue/", {"org": world.b1.pk}).status_code == 404
    assert client.post("/meetings/cadence/export/", {"org": world.b1.pk}).status_code == 404
    assert world.b1.name not in client.get("/meetings/cadence/overdue/").content.decode()


def test_a_member_without_a_subtree_is_refused(world, login):
    assert login(world.member).get(URL).status_code == 403
    assert login(world.outsider).get("/meetings/cadence/overdue/").status_code == 403


def test_the_unit_staff_overdue_list_contains_only_their_branches(world, login):
    html = login(world.unit_staff).get("/meetings/cadence/overdue/").content.decode()
    for org in (world.a1, world.a2, world.a3):
        assert org.name in html
    assert world.g1.name in html  # the party group's monthly 党小组会
    assert world.b1.name not in html
    assert "从未召开" in html


def test_the_overdue_list_counts_planned_meetings_apart_and_links_to_record_one(world, login):
    soon = timezone.localtime() + dt.timedelta(minutes=5)
    if soon.month != timezone.localtime().month:  # keep it in the running month
        soon = timezone.localtime() - dt.timedelta(minutes=1)
    Meeting.objects.create(
        organization=world.a1,
        root=world.root,
        kind=MeetingKind.COMMITTEE_MEETING,
        title="计划",
        held_at=soon,
        status=MeetingStatus.PLANNED,
    )
    html = login(world.secretary).get("/meetings/cadence/overdue/").content.decode()
    row = next(r for r in html.split("<tr>") if world.a1.name in r and "支委会" in r)
    assert "0/1" in row and '<td class="num">1</td>' in row  # not held, one planned
    assert f"/meetings/new/?org={world.a1.pk}&amp;kind=committee_meeting" in row and "登记会议" in row
    assert "项已有计划" in html


def test_a_branch_that_met_this_month_is_not_overdue_for_it(world, login):
    now = timezone.localtime()
    held(world.a1, MeetingKind.COMMITTEE_MEETING, now - dt.timedelta(minutes=5))
    client = login(world.unit_staff)
    html = client.get("/meetings/cadence/overdue/", {"org": world.a1.pk}).content.decode()
    rows = html.split('id="overdue-table"')[1]
    assert "支委会" not in rows and "主题党日" in rows


def test_the_export_is_a_workbook_of_the_scope_and_is_audited(world, login):
    held(world.a1, MeetingKind.COMMITTEE_MEETING, at(2023, 1, 5))
    response = login(world.unit_staff).post("/meetings/cadence/export/", {"org": world.oc_a.pk, "year": 2023})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["落实情况"]
    names = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert set(names) == {world.a1.name, world.a2.name, world.a3.name, world.g1.name}
    header = [c.value for c in ws[2]]
    assert "支委会" in header and "党小组会" in header
    assert any("未达标 1/12" in str(c.value) for c in ws[3])
    assert "频次规则" in wb.sheetnames
    event = AuditEvent.objects.get(action="export", object_type="meetings.cadence")
    assert event.org_path == world.oc_a.path and event.actor == world.unit_staff


def _add_branches(parent, n):
    for i in range(n):
        path = next_child_path(parent)
        org = PartyOrganization.objects.create(
            name=f"新支部{i}",
            kind=OrgKind.BRANCH,
            unit=parent.unit,
            parent=parent,
            path=path,
            depth=len(path) // 4,
            root=parent.root,
            established_on=dt.date(2000, 1, 1),
        )
        for month in range(1, 13, 2):
            held(org, MeetingKind.COMMITTEE_MEETING, at(2023, month, 5))


def test_the_query_count_of_the_compliance_page_does_not_grow_with_the_branches(world, login):
    client = login(world.committee)
    params = {"org": world.oc_b.pk, "year": 2023}
    client.get(URL, params)
    cache.clear()  # measure the computation, not the stored result
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL, params).status_code == 200
    _add_branches(world.oc_b, 19)
    cache.clear()  # the rows above are written straight to the tables, without the audit log
    with CaptureQueriesContext(connection) as twenty:
        html = client.get(URL, params).content.decode()
    assert "新支部18" in html
    assert len(twenty) == len(one)


def test_the_page_is_served_from_the_stored_result_until_the_next_audited_write(world, login):
    from dangjian.core import audit

    client = login(world.committee)
    params = {"org": world.oc_b.pk, "year": 2023}
    client.get(URL, params)
    with CaptureQueriesContext(connection) as again:
        client.get(URL, params)
    audit.record(actor=world.committee, action="update", obj=world.b1, changes={"name": ["a", "b"]})
    with CaptureQueriesContext(connection) as after_write:
        client.get(URL, params)
    assert len(again) < len(after_write)


def test_an_administrator_edits_a_rule_in_the_admin_and_it_is_audited(world, client):
    from dangjian.accounts.models import User
    from dangjian.meetings.models import CadenceRule

    admin = User.objects.create_superuser(username="t-admin", password="x-Passw0rd!")
    client.force_login(admin)
    rule = CadenceRule.objects.get(kind=MeetingKind.LECTURE)
    page = client.get(f"/admin/meetings/cadencerule/{rule.pk}/change/").content.decode()
    assert "local practice" in page and rule.source in page
    response = client.post(
        f"/admin/meetings/cadencerule/{rule.pk}/change/",
        {
            "kind": rule.kind,
            "period": "month",
            "min_count": 1,
            "holder": "branch",
            "source": rule.source,
            "confidence": rule.confidence,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.period == "month"
    event = AuditEvent.objects.get(object_type="meetings.cadencerule")
    assert event.changes["period"] == ["quarter", "month"]
    assert client.get("/admin/meetings/meeting/add/").status_code == 403  # meetings are read-only here


def test_many_units_are_drawn_as_the_lowest_and_the_highest_ten_by_full_name():
    from dangjian.meetings import cadence

    units = []
    for i in range(25):
        u = cadence.UnitRates(i, f"单位{i:02d}（全称很长的省直机关单位名称）", (str(i), i))
        u.total.add(100, (i * 37) % 100)
        units.append(u)
    result = cadence.ComplianceResult(
        org_path="",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 12, 31),
        today=dt.date(2024, 1, 1),
        rules=[],
        rows=[],
        spans={},
        by_kind={},
        by_unit=units,
        total=cadence.Rate(),
    )
    low, high = result.unit_charts(links={3: "/x/"})
    percents = sorted(u.total.percent or 0.0 for u in units)
    assert low["values"] == percents[:10] and high["values"] == percents[-10:]
    assert all(
        name.endswith("（全称很长的省直机关单位名称）") for name in low["categories"] + high["categories"]
    )
    assert "最低" in low["title"] and "最高" in high["title"] and low["id"] != high["id"]
    assert "/x/" in low["links"] + high["links"] and set(low["links"] + high["links"]) == {"", "/x/"}
