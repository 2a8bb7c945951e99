"""Branch initiatives: records, refusals, the year's counts, the import (all or nothing), pages,
API and export in scope."""

import datetime as dt

import openpyxl
import pytest

from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import Period, ReportScope
from dangjian.core.models import AuditEvent
from dangjian.initiatives import errors, metrics, services
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.imports import REGISTRY_IMPORT
from dangjian.initiatives.models import Initiative
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.registry_helpers import run_import, workbook

D = dt.date(2023, 3, 1)
HEADERS = ["党组织", "类型", "名称", "设立日期", "成员"]


def make(world, org=None, kind=InitiativeKind.BRAND, name="“财”心向党", on=D, **kw):
    return services.initiative_create(
        actor=world.committee, organization=org or world.a1, kind=kind, name=name, established_on=on, **kw
    )


def test_an_initiative_is_recorded_with_its_members_and_audited(world):
    row = make(world, members=[world.people["member_a1"]])
    assert row.unit == world.unit_a and list(row.members.all()) == [world.people["member_a1"]]
    event = AuditEvent.objects.get(object_type="initiatives.initiative", action="create")
    assert event.org_path == world.a1.path and event.changes["members"] == [None, "张三"]


def test_a_member_of_another_branch_is_refused(world):
    with pytest.raises(ApplicationError) as e:
        make(world, members=[world.people["member_a2"]])
    assert e.value.message == errors.ERR_MEMBER_OUTSIDE.format(name="王五", org=world.a1.name)
    assert e.value.field == "members" and not Initiative.objects.exists()


def test_the_same_name_twice_in_one_branch_is_refused_but_another_kind_is_not(world):
    make(world)
    with pytest.raises(ApplicationError) as e:
        make(world)
    assert e.value.field == "name"
    make(world, kind=InitiativeKind.COMMANDO_TEAM)
    assert Initiative.objects.count() == 2


def test_an_organisation_outside_scope_is_refused(world):
    with pytest.raises(ApplicationError) as e:
        services.initiative_create(
            actor=world.unit_staff, organization=world.b1, kind="brand", name="x", established_on=D
        )
    assert e.value.field == "organization"


def test_closing_before_the_established_day_is_refused_and_closing_counts_once(world):
    row = make(world)
    with pytest.raises(ApplicationError) as e:
        services.initiative_close(actor=world.committee, initiative=row, closed_on=D - dt.timedelta(days=1))
    assert e.value.field == "closed_on"
    services.initiative_close(actor=world.committee, initiative=row, closed_on=D)
    with pytest.raises(ApplicationError):
        services.initiative_close(actor=world.committee, initiative=row, closed_on=D)


def test_the_years_counts_are_records_established_in_the_year_in_scope(world):
    make(world, name="一")
    make(world, name="二")  # a second brand of the same branch counts: records, not branches
    make(world, org=world.b1, name="三")
    make(world, name="去年", on=dt.date(2022, 12, 31))
    make(world, kind=InitiativeKind.PIONEER_POST, name="岗")
    year = Period.year(2023)
    assert metrics.branded_branches(ReportScope(), year).value == 3
    assert metrics.branded_branches(ReportScope(path=world.oc_a.path), year).value == 2
    assert metrics.pioneer_posts(ReportScope(), year).value == 1
    assert metrics.commando_teams(ReportScope(), year).value == 0


def test_the_import_writes_every_row_or_none(world):
    good = ["省财政厅第一党支部", "党建品牌", "红色引擎", "2023-02-01", "张三"]
    bad = ["省财政厅第一党支部", "突击队", "攻坚", "2023-13-01", "王五"]
    job, commit = run_import(REGISTRY_IMPORT, world.committee, workbook("支部特色工作", HEADERS, [good, bad]))
    assert commit is None and job.result["error_rows"] == 1
    columns = {e["column"] for e in job.result["errors"]}
    assert {e["row"] for e in job.result["errors"]} == {3} and "设立日期" in columns
    assert not Initiative.objects.exists()
    job, commit = run_import(REGISTRY_IMPORT, world.committee, workbook("支部特色工作", HEADERS, [good]))
    assert commit is not None and commit.result["created"] == 1
    assert Initiative.objects.get().members.get().name == "张三"


def test_a_member_not_of_the_branch_fails_the_dry_run_naming_the_row(world):
    row = ["省财政厅第一党支部", "党建品牌", "红色引擎", "2023-02-01", "王五"]
    job, _commit = run_import(REGISTRY_IMPORT, world.committee, workbook("支部特色工作", HEADERS, [row]))
    assert job.result["errors"][0]["row"] == 2 and job.result["errors"][0]["column"] == "成员"


def test_an_organisation_outside_the_importers_scope_is_a_row_error(world):
    row = ["省教育厅第一党支部", "党建品牌", "x", "2023-02-01", ""]
    job, commit = run_import(REGISTRY_IMPORT, world.unit_staff, workbook("支部特色工作", HEADERS, [row]))
    assert commit is None and job.result["errors"][0]["column"] == "党组织"


def test_list_export_and_api_show_only_the_scope(world, login, client):
    make(world, name="财政品牌")
    make(world, org=world.b1, name="教育品牌")
    page = login(world.unit_staff).get("/initiatives/").content.decode()
    assert "财政品牌" in page and "教育品牌" not in page
    response = client.get("/initiatives/export.xlsx")
    ws = openpyxl.load_workbook(__import__("io").BytesIO(response.content)).active
    names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["财政品牌"]
    body = client.get("/api/v1/initiatives", headers=auth(world.unit_staff)).json()
    assert body["count"] == 1 and body["items"][0]["name"] == "财政品牌"


def test_the_api_creates_and_refuses_in_chinese(world, client):
    h = auth(world.secretary)
    r = send(
        client,
        "post",
        "/api/v1/initiatives",
        {
            "org_id": world.a1.pk,
            "kind": "pioneer_post",
            "name": "窗口岗",
            "established_on": "2023-05-01",
            "member_ids": [world.people["member_a1"].pk],
        },
        h,
    )
    assert r.status_code == 201, r.content
    assert r.json()["members"] == [{"id": world.people["member_a1"].pk, "name": "张三"}]
    r = send(
        client,
        "post",
        "/api/v1/initiatives",
        {"org_id": world.a1.pk, "kind": "pioneer_post", "name": "窗口岗", "established_on": "2023-05-01"},
        h,
    )
    assert errors.ERR_DUPLICATE.split("“")[0] in is_chinese_error(r, 400)["message"]


def test_the_pages_register_and_close_an_initiative(world, login):
    client = login(world.secretary)
    r = client.post(
        "/initiatives/new/",
        {
            "organization": world.a1.pk,
            "kind": "commando_team",
            "name": "防汛突击队",
            "established_on": "2023-07-01",
            "members": "张三、李四",
        },
    )
    row = Initiative.objects.get()
    assert r.status_code == 302 and row.members.count() == 2
    client.post(f"/initiatives/{row.pk}/close/", {"closed_on": "2023-09-01"})
    row.refresh_from_db()
    assert row.closed_on == dt.date(2023, 9, 1)
    assert "已撤销" in client.get(f"/initiatives/{row.pk}/").content.decode()


def test_the_list_page_costs_the_same_queries_with_1_and_50_records(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.committee)
    make(world, name="品牌0", members=[world.people["member_a1"]])
    client.get("/initiatives/")  # the session's first page reads the user's scope once
    with CaptureQueriesContext(connection) as one:
        assert client.get("/initiatives/").status_code == 200
    for i in range(1, 50):
        make(world, name=f"品牌{i}", members=[world.people["member_a1"]])
    with CaptureQueriesContext(connection) as fifty:
        assert client.get("/initiatives/").status_code == 200
    assert len(fifty) == len(one)
