"""Internship posts with applications and placements, the suggestion drive, their figures, the
posts import, and scope."""

import datetime as dt

import pytest

from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import Period, ReportScope
from dangjian.masses import errors, metrics, services
from dangjian.masses.imports import REGISTRY_IMPORT
from dangjian.masses.models import InternshipPost
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
