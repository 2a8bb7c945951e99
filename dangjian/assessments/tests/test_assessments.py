"""Performance assessment: indicators, scores (never above the indicator's points), totals and
grades, publication (a unit sees only its own result), findings as problems; secretary appraisal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangjian.assessments import errors, services
from dangjian.assessments.enums import AppraisalStatus, AssessmentStatus
from dangjian.assessments.models import Score
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.organizations.enums import UnitCategory
from dangjian.organizations.models import Unit
from dangjian.problems.enums import ProblemSource
from dangjian.problems.models import Problem


@pytest.fixture
def assessment(world):
    a = services.assessment_create(actor=world.committee, name="2022年度党建工作实绩考核", year=2022)
    politics = services.indicator_add(actor=world.committee, assessment=a, name="政治建设", max_score=40)
    study = services.indicator_add(
        actor=world.committee,
        assessment=a,
        parent=politics,
        name="理论学习",
        max_score=20,
        rule="每缺一次专题学习扣0.5分",
    )
    duty = services.indicator_add(
        actor=world.committee, assessment=a, parent=politics, name="主体责任", max_score=20
    )
    org = services.indicator_add(actor=world.committee, assessment=a, name="组织建设", max_score=60)
    services.units_add(
        actor=world.committee, assessment=a, units=[world.unit_a, world.unit_b], assessor=world.committee
    )
    return a, {"study": study, "duty": duty, "org": org, "politics": politics}


def _sheet(ind, study, duty, org):
    return [
        {"indicator": ind["study"], "score": study},
        {"indicator": ind["duty"], "score": duty},
        {"indicator": ind["org"], "score": org, "evidence": "支部换届超期，扣2分"},
    ]


def test_scoring_needs_the_tree_to_add_up_to_the_total(world, assessment):
    a, ind = assessment
    services.indicator_add(actor=world.committee, assessment=a, name="多余指标", max_score=5)
    with pytest.raises(ApplicationError, match="一级指标分值之和为105分，应为100分"):
        services.assessment_start_scoring(actor=world.committee, assessment=a)


def test_a_score_above_the_indicator_maximum_refuses_the_whole_sheet(world, assessment):
    a, ind = assessment
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    au = a.units.get(unit=world.unit_a)
    with pytest.raises(ApplicationError) as e:
        services.scores_record(actor=world.committee, assessed=au, rows=_sheet(ind, 18, Decimal("20.5"), 55))
    assert e.value.message == errors.ERR_SCORE_ABOVE_MAX.format(name="主体责任", score="20.5", max="20")
    assert not Score.objects.exists()
    with pytest.raises(ApplicationError, match="不能为负数"):
        services.scores_record(actor=world.committee, assessed=au, rows=_sheet(ind, -1, 20, 55))
    with pytest.raises(ApplicationError, match="只能对末级指标评分"):
        services.scores_record(
            actor=world.committee, assessed=au, rows=[{"indicator": ind["politics"], "score": 30}]
        )
    services.scores_record(
        actor=world.committee, assessed=au, rows=_sheet(ind, 20, 20, 60)
    )  # the maximum itself is fine
    au.refresh_from_db()
    assert au.total == 100 and au.grade == "好"


def test_indicators_are_closed_once_scoring_starts(world, assessment):
    a, ind = assessment
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    with pytest.raises(ApplicationError, match=errors.ERR_NOT_DRAFT):
        services.indicator_add(actor=world.committee, assessment=a, name="x", max_score=1)


def test_totals_grades_ranks_and_publication_to_each_unit(world, assessment, login):
    a, ind = assessment
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    ua, ub = a.units.get(unit=world.unit_a), a.units.get(unit=world.unit_b)
    services.scores_record(actor=world.committee, assessed=ua, rows=_sheet(ind, 18, 17, 50))
    with pytest.raises(ApplicationError, match="还有3项指标未评分"):
        services.assessment_publish(actor=world.committee, assessment=a)
    services.scores_record(actor=world.committee, assessed=ub, rows=_sheet(ind, 20, 19.5, 52))
    # Before publication a unit sees nothing of it.
    assert login(world.unit_staff).get(f"/assessments/{a.pk}/").status_code == 404
    services.assessment_publish(actor=world.committee, assessment=a)
    a.refresh_from_db()
    ua.refresh_from_db()
    ub.refresh_from_db()
    assert a.status == AssessmentStatus.PUBLISHED
    assert (ua.total, ua.grade, ua.rank) == (Decimal("85"), "较好", 2)
    assert (ub.total, ub.grade, ub.rank) == (Decimal("91.5"), "好", 1)
    c = login(world.unit_staff)
    page = c.get(f"/assessments/{a.pk}/").content.decode()
    assert "省财政厅" in page and "省教育厅" not in page and "91.5" not in page
    assert c.get(f"/assessments/{a.pk}/units/{ua.pk}/").status_code == 200
    assert c.get(f"/assessments/{a.pk}/units/{ub.pk}/").status_code == 404
    with pytest.raises(ApplicationError):
        services.scores_record(actor=world.committee, assessed=ua, rows=_sheet(ind, 1, 1, 1))


def test_only_the_assessor_or_the_committee_scores(world, assessment):
    a, ind = assessment
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    with pytest.raises(Forbidden):
        services.scores_record(
            actor=world.unit_staff, assessed=a.units.get(unit=world.unit_a), rows=_sheet(ind, 1, 1, 1)
        )


def test_findings_become_problems_of_the_unit_or_its_subordinate_unit(world, assessment):
    a, ind = assessment
    sub = Unit.objects.create(name="省财政厅信息中心", category=UnitCategory.SUBORDINATE, parent=world.unit_a)
    from dangjian.organizations.enums import OrgKind
    from dangjian.tests.personas import _org

    _org("省财政厅信息中心党支部", OrgKind.BRANCH, sub, world.oc_a)
    au = a.units.get(unit=world.unit_a)
    p1 = services.finding_create(actor=world.committee, assessed=au, description="理论学习不经常")
    p2 = services.finding_create(actor=world.committee, assessed=au, description="档案不全", subordinate=sub)
    assert (p1.unit, p1.source, p1.year, p1.source_ref) == (
        world.unit_a,
        ProblemSource.ASSESSMENT,
        2022,
        a.name,
    )
    assert p2.unit == sub and p2.organization.name == "省财政厅信息中心党支部"
    with pytest.raises(ApplicationError, match="不属于"):
        services.finding_create(actor=world.committee, assessed=au, description="x", subordinate=world.unit_b)
    assert Problem.objects.count() == 2


def test_score_sheet_page_refuses_a_score_above_the_maximum_with_the_indicator_named(
    world, assessment, login
):
    a, ind = assessment
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    au = a.units.get(unit=world.unit_a)
    c = login(world.committee)
    r = c.post(
        f"/assessments/{a.pk}/units/{au.pk}/",
        {f"score-{ind['study'].pk}": "25", f"score-{ind['duty'].pk}": "10"},
    )
    assert "“理论学习”得分25超过该指标分值20分" in r.content.decode()
    assert not Score.objects.exists()
    r = c.post(f"/assessments/{a.pk}/units/{au.pk}/", {f"score-{ind['study'].pk}": "19.5"})
    assert r.status_code == 302 and Score.objects.get().score == Decimal("19.5")


# --- secretary appraisal ---------------------------------------------------------------------------


@pytest.fixture
def appraisal(world):
    rnd = services.round_create(
        actor=world.committee,
        name="2023年度机关党委书记述职评议",
        year=2023,
        evaluators=[world.committee, world.auditor],
    )
    return services.appraisal_add(
        actor=world.committee, round=rnd, organization=world.oc_a, secretary="赵书记"
    )


def test_secretary_reports_evaluators_rate_and_the_result_is_concluded(world, appraisal):
    with pytest.raises(ApplicationError, match=errors.ERR_APPRAISAL_NOT_REPORTED):
        services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="好")
    with pytest.raises(Forbidden):
        services.appraisal_report(actor=world.secretary, appraisal=appraisal, report="述职")
    services.appraisal_report(
        actor=world.unit_staff, appraisal=appraisal, report="一年来抓基层党建工作情况……"
    )
    with pytest.raises(ApplicationError, match="评价等次应为：好、较好、一般、差"):
        services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="优秀")
    with pytest.raises(Forbidden):
        services.appraisal_rate(actor=world.unit_staff, appraisal=appraisal, grade="好")
    services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="好")
    services.appraisal_rate(actor=world.auditor, appraisal=appraisal, grade="较好")
    services.appraisal_conclude(actor=world.committee, appraisal=appraisal)
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.CONCLUDED and appraisal.result == "较好"
    with pytest.raises(ApplicationError, match=errors.ERR_APPRAISAL_CONCLUDED):
        services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="好")
    p = services.appraisal_problem_create(
        actor=world.committee, appraisal=appraisal, description="抓支部建设不够有力"
    )
    assert p.source == ProblemSource.APPRAISAL and p.organization == world.oc_a


def test_grades_are_configurable_and_checked(world):
    r = services.round_create(
        actor=world.committee, name="试点", year=2023, grades=["优秀", "称职", "基本称职", "不称职"]
    )
    assert r.grades == ["优秀", "称职", "基本称职", "不称职"]
    with pytest.raises(ApplicationError, match=errors.ERR_GRADES):
        services.round_create(actor=world.committee, name="x", year=2023, grades=["好", "好"])


def test_result_is_the_mean_position_rounded_towards_worse():
    grades = ["好", "较好", "一般", "差"]
    assert services.result_of(grades, ["好", "好", "较好"]) == "好"
    assert services.result_of(grades, ["好", "较好"]) == "较好"
    assert services.result_of(grades, ["一般", "差", "差"]) == "差"
    assert services.result_of(grades, []) == ""


def test_appraisal_pages_are_scoped(world, appraisal, login):
    assert login(world.unit_staff).get(f"/assessments/appraisals/item/{appraisal.pk}/").status_code == 200
    other = services.appraisal_add(actor=world.committee, round=appraisal.round, organization=world.oc_b)
    assert login(world.unit_staff).get(f"/assessments/appraisals/item/{other.pk}/").status_code == 404
    assert login(world.secretary).get(f"/assessments/appraisals/item/{appraisal.pk}/").status_code == 404


def test_scores_through_the_api_refuse_above_the_maximum(world, assessment, client):
    from dangjian.tests.api import auth, is_chinese_error, send

    a, ind = assessment
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    au = a.units.get(unit=world.unit_a)
    h = auth(world.committee)
    url = f"/api/v1/assessments/{a.pk}/units/{au.pk}/scores"
    r = send(client, "post", url, {"scores": [{"indicator_id": ind["org"].pk, "score": "60.5"}]}, h)
    assert "超过该指标分值60分" in is_chinese_error(r, 400)["message"]
    r = send(client, "post", url, {"scores": [{"indicator_id": ind["org"].pk, "score": "58"}]}, h)
    assert r.status_code == 200 and r.json()[0]["score"] in ("58.00", 58.0, "58")
    detail = client.get(f"/api/v1/assessments/{a.pk}", headers=h).json()
    assert [i["name"] for i in detail["indicators"]][:1] == ["政治建设"]
    u = auth(world.unit_staff)
    assert client.get(f"/api/v1/assessments/{a.pk}", headers=u).status_code == 404
    r = send(client, "post", f"/api/v1/assessments/{a.pk}/units/{au.pk}/findings", {"description": "问题"}, u)
    assert r.status_code == 404
    r = send(
        client,
        "post",
        f"/api/v1/assessments/{a.pk}/units/{au.pk}/findings",
        {"description": "学习制度不健全"},
        h,
    )
    assert r.status_code == 201 and r.json()["source"] == "assessment"


def test_an_assessment_is_set_up_scored_and_published_through_the_api(world, client):
    from dangjian.tests.api import auth, is_chinese_error, send

    h = auth(world.committee)
    r = send(client, "post", "/api/v1/assessments", {"name": "2023年度考核", "year": 2023}, h)
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    assert (
        send(
            client, "post", "/api/v1/assessments", {"name": "x", "year": 2023}, auth(world.unit_staff)
        ).status_code
        == 403
    )
    r = send(client, "post", f"/api/v1/assessments/{aid}/indicators", {"name": "党建", "max_score": "100"}, h)
    ind = r.json()["id"]
    r = send(client, "post", f"/api/v1/assessments/{aid}/units", {"unit_ids": [world.unit_a.pk]}, h)
    assert r.status_code == 201
    au = r.json()[0]["id"]
    r = send(client, "post", f"/api/v1/assessments/{aid}/steps", {"step": "publish"}, h)
    is_chinese_error(r, 400)
    assert (
        send(client, "post", f"/api/v1/assessments/{aid}/steps", {"step": "start"}, h).json()["status"]
        == "scoring"
    )
    send(
        client,
        "post",
        f"/api/v1/assessments/{aid}/units/{au}/scores",
        {"scores": [{"indicator_id": ind, "score": "88"}]},
        h,
    )
    assert (
        send(client, "post", f"/api/v1/assessments/{aid}/steps", {"step": "publish"}, h).json()["status"]
        == "published"
    )
    rows = client.get(f"/api/v1/assessments/{aid}/units", headers=auth(world.unit_staff)).json()
    assert [(r["unit"]["name"], r["grade"], r["rank"]) for r in rows] == [("省财政厅", "较好", 1)]
