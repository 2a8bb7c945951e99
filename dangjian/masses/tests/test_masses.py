"""Internship posts with applications and placements, the suggestion drive, their figures, the
posts and suggestions imports (dry run, row errors, all or nothing, scope), and scope."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import Period, ReportScope
from dangjian.masses import errors, metrics, services
from dangjian.masses.imports import REGISTRY_IMPORT, SUGGESTION_IMPORT
from dangjian.masses.models import InternshipPost, Suggestion
from dangjian.tests.api import auth, send
from dangjian.tests.registry_helpers import run_import, workbook

D = dt.date(2023, 5, 1)


@pytest.fixture
def post(world):
    return services.post_create(
        actor=world.unit_staff, unit=world.unit_a, title="政策研究实习", offered_on=D, places=1
    )


def test_an_application_moves_step_by_step_within_the_places(world, post):
    a = services.application_create(
        actor=world.unit_staff, post=post, name="王雨", school="辽宁大学", applied_on=D
    )
    b = services.application_create(
        actor=world.unit_staff, post=post, name="李浩", school="东北大学", applied_on=D
    )
    with pytest.raises(ApplicationError) as e:
        services.application_decide(actor=world.unit_staff, application=a, status="placed", placed_on=D)
    assert e.value.message == errors.ERR_STATUS_STEP.format(from_="已申请", to="已到岗")
    for app in (a, b):
        services.application_decide(actor=world.unit_staff, application=app, status="accepted")
    services.application_decide(actor=world.unit_staff, application=a, status="placed", placed_on=D)
    with pytest.raises(ApplicationError) as e:
        services.application_decide(actor=world.unit_staff, application=b, status="placed", placed_on=D)
    assert e.value.message == errors.ERR_FULL.format(places=1)


def test_posts_and_suggestions_give_the_years_figures_in_scope(world, post):
    services.post_create(actor=world.committee, unit=world.unit_b, title="x", offered_on=D)
    services.post_create(
        actor=world.committee, unit=world.unit_b, title="去年", offered_on=dt.date(2022, 5, 1)
    )
    s = services.suggestion_create(
        actor=world.committee,
        drive="百名博士献百策",
        submitter="王博",
        topic="t",
        text="建议",
        submitted_on=D,
    )
    year = Period.year(2023)
    assert metrics.internship_posts(ReportScope(), year).value == 2
    assert metrics.internship_posts(ReportScope(path=world.oc_a.path), year).value == 1
    assert metrics.doctor_suggestions(ReportScope(), year).value == 1
    with pytest.raises(ApplicationError) as e:
        services.suggestion_adopt(actor=world.committee, suggestion=s, adopted_on=D - dt.timedelta(days=1))
    assert e.value.field == "adopted_on"
    services.suggestion_adopt(actor=world.committee, suggestion=s, adopted_on=D)
    s.refresh_from_db()
    assert s.adopted and s.adopted_on == D


def test_a_post_with_no_places_or_outside_scope_is_refused(world):
    with pytest.raises(ApplicationError) as e:
        services.post_create(actor=world.unit_staff, unit=world.unit_a, title="x", offered_on=D, places=0)
    assert e.value.field == "places"
    with pytest.raises(ApplicationError) as e:
        services.post_create(actor=world.unit_staff, unit=world.unit_b, title="x", offered_on=D)
    assert e.value.field == "unit"


def test_the_posts_import_is_all_or_nothing(world):
    headers = ["单位", "岗位名称", "招收人数", "发布日期"]
    good, bad = ["省财政厅", "数据分析", "2", "2023-05-01"], ["省教育厅", "宣传", "0", "2023-05-01"]
    job, commit = run_import(REGISTRY_IMPORT, world.unit_staff, workbook("实习岗位", headers, [good, bad]))
    assert commit is None and {e["column"] for e in job.result["errors"]} == {"单位", "招收人数"}
    assert not InternshipPost.objects.exists()
    job, commit = run_import(REGISTRY_IMPORT, world.unit_staff, workbook("实习岗位", headers, [good]))
    assert commit is not None and InternshipPost.objects.get().places == 2


def test_lists_and_api_keep_to_the_scope(world, post, login, client):
    other = services.post_create(actor=world.committee, unit=world.unit_b, title="教育厅岗位", offered_on=D)
    page = login(world.unit_staff).get("/masses/internships/").content.decode()
    assert "政策研究实习" in page and "教育厅岗位" not in page
    assert client.get(f"/masses/internships/{other.pk}/").status_code == 404
    h = auth(world.unit_staff)
    assert client.get("/api/v1/internship-posts", headers=h).json()["count"] == 1
    r = send(
        client,
        "post",
        f"/api/v1/internship-posts/{other.pk}/applications",
        {"name": "x", "school": "y", "applied_on": "2023-05-02"},
        h,
    )
    assert r.status_code == 404


# --- the suggestions import ------------------------------------------------------------------------

S_HEADERS = ["活动", "建言人", "工作单位及身份", "推荐单位", "题目", "建议内容", "提交日期", "采纳日期"]
GOOD = [
    ["百名博士献百策", "王博", "东北大学", "省财政厅", "营商环境", "建议一", "2023-06-01", "2023-07-01"],
    ["百名博士献百策", "李博", "辽宁大学", "", "数字政府", "建议二", "2023-06-02", ""],
]


def test_the_suggestions_dry_run_writes_nothing(world):
    job = SUGGESTION_IMPORT.submit(
        actor=world.unit_staff, data=workbook("建言献策", S_HEADERS, GOOD), filename="t.xlsx"
    )
    job.refresh_from_db()
    assert job.result["error_count"] == 0 and job.result["create"] == 2
    assert not Suggestion.objects.exists()


def test_a_good_suggestions_file_imports_every_row(world):
    job, commit = run_import(SUGGESTION_IMPORT, world.unit_staff, workbook("建言献策", S_HEADERS, GOOD))
    assert commit is not None and commit.result["created"] == 2
    first, second = Suggestion.objects.order_by("submitted_on")
    assert first.unit == world.unit_a and first.adopted and first.adopted_on == dt.date(2023, 7, 1)
    assert second.unit is None and not second.adopted and second.organization == world.oc_a
    year = Period.year(2023)
    assert metrics.doctor_suggestions(ReportScope(path=world.oc_a.path), year).value == 2


def test_a_bad_suggestion_row_refuses_the_whole_file_naming_the_row(world):
    bad = [
        ["百名博士献百策", "", "x", "", "t", "建议", "2023-06-01", ""],  # no submitter
        ["百名博士献百策", "赵博", "x", "", "t", "建议", "2023-06-01", "2023-05-01"],  # adopted before
        ["百名博士献百策", "钱博", "x", "", "t", "建议", "2023-13-01", ""],  # not a date
    ]
    job, commit = run_import(
        SUGGESTION_IMPORT, world.unit_staff, workbook("建言献策", S_HEADERS, [*GOOD, *bad])
    )
    assert commit is None
    errs = job.result["errors"]
    assert [(e["row"], e["column"]) for e in errs] == [(4, "建言人"), (5, "采纳日期"), (6, "提交日期")]
    assert "不能早于提交日期" in errs[1]["reason"]
    assert not Suggestion.objects.exists()


def test_a_unit_imports_suggestions_only_into_its_scope(world):
    rows = [["百名博士献百策", "王博", "x", "省教育厅", "t", "建议", "2023-06-01", ""]]
    job, commit = run_import(SUGGESTION_IMPORT, world.unit_staff, workbook("建言献策", S_HEADERS, rows))
    assert commit is None
    errs = job.result["errors"]
    assert [(e["row"], e["column"]) for e in errs] == [(2, "推荐单位")]
    assert "不在您的管理范围内" in errs[0]["reason"]
    # a branch secretary may not file under the unit's committee
    rows = [["百名博士献百策", "王博", "x", "省财政厅", "t", "建议", "2023-06-01", ""]]
    job, commit = run_import(SUGGESTION_IMPORT, world.secretary, workbook("建言献策", S_HEADERS, rows))
    assert commit is None and [(e["row"], e["column"]) for e in job.result["errors"]] == [(2, "推荐单位")]
    with pytest.raises(Forbidden):
        SUGGESTION_IMPORT.submit(actor=world.member, data=workbook("建言献策", S_HEADERS, GOOD), filename="t")
    assert not Suggestion.objects.exists()


def test_the_suggestions_import_pages_and_template_open(world, login):
    c = login(world.unit_staff)
    assert c.get("/masses/suggestions/import/").status_code == 200
    r = c.get("/masses/suggestions/import/template.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [x.value for x in wb["建言献策"][1]][:3] == ["活动", "建言人", "工作单位及身份"]
    assert "说明" in wb.sheetnames
    assert "/masses/suggestions/import/" in c.get("/masses/suggestions/").content.decode()
    assert login(world.member).get("/masses/suggestions/import/").status_code in (403, 404)


def test_the_suggestions_import_api_dry_runs_then_commits(world, client):
    h = auth(world.unit_staff)
    data = workbook("建言献策", S_HEADERS, GOOD)
    r = client.post("/api/v1/imports/suggestions", {"file": SimpleUploadedFile("t.xlsx", data)}, headers=h)
    assert r.status_code == 202 and not Suggestion.objects.exists()
    r = client.post(f"/api/v1/imports/suggestions/{r.json()['id']}/commit", headers=h)
    assert r.status_code == 202 and Suggestion.objects.count() == 2
