"""The two workflows of assessments/workflows.py on the kernel (core.workflow): every allowed and
refused step of the assessment (设置指标 → 评分中 → 已公布) and of the secretary's appraisal (待述职 →
已述职，测评中 → 已确定等次), the rule cited on refusal, the timeline row written with the state in
one transaction (a refusal writes nothing), the steps and timeline on the pages and in the API, and
that a unit sees neither another unit's result nor another organisation's appraisal or timeline."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from dangjian.accounts.enums import Role
from dangjian.assessments import errors, services
from dangjian.assessments.enums import AssessmentStatus
from dangjian.assessments.models import (
    AppraisalEvent,
    AssessedUnit,
    Assessment,
    AssessmentEvent,
    SecretaryAppraisal,
)
from dangjian.assessments.workflows import APPRAISAL, ASSESSMENT
from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.personas import _user


@pytest.fixture
def staff_b(world):
    """单位党务 of 省教育厅 (oc_b): the other unit."""
    return _user("t-staff-b", Role.UNIT_STAFF, world.oc_b)


def _ready(world, *, units=True) -> Assessment:
    """An assessment whose indicator tree adds up (two leaves), with both units listed."""
    a = services.assessment_create(actor=world.committee, name="2022年度党建工作实绩考核", year=2022)
    services.indicator_add(actor=world.committee, assessment=a, name="政治建设", max_score=40)
    services.indicator_add(actor=world.committee, assessment=a, name="组织建设", max_score=60)
    if units:
        services.units_add(actor=world.committee, assessment=a, units=[world.unit_a, world.unit_b])
    return a


def _score_all(world, a: Assessment, points=(35, 50)) -> None:
    leaves = list(a.indicators.order_by("sort_order"))
    for k, au in enumerate(a.units.order_by("unit__sort_order", "id")):
        rows = [{"indicator": i, "score": p - k * 10} for i, p in zip(leaves, points, strict=True)]
        services.scores_record(actor=world.committee, assessed=au, rows=rows)


def _events(obj) -> list[tuple[str, str, str]]:
    return [(e.transition, e.from_state, e.to_state) for e in obj.events.order_by("at", "id")]


def _refused(call, exc=ApplicationError, *, obj, status: str, message: str) -> None:
    """`call` is refused with exactly `message`, and nothing is written: state, timeline, audit."""
    events, audits = type(obj).objects.get(pk=obj.pk).events.count(), AuditEvent.objects.count()
    with pytest.raises(exc) as e:
        call()
    assert e.value.message == message
    obj.refresh_from_db()
    assert obj.status == status
    assert obj.events.count() == events and AuditEvent.objects.count() == audits


def _not_from(wf, state: str, name: str) -> str:
    return workflow.ERR_NOT_FROM_STATE.format(state=wf.state_label(state), label=wf.transition(name).label)


def _not_permitted(wf, name: str) -> str:
    t = wf.transition(name)
    return workflow.ERR_NOT_PERMITTED.format(label=t.label, rule=t.rule)


# --- the assessment ---------------------------------------------------------------------------------


def test_the_assessment_table_is_registered_with_its_rules():
    assert workflow.REGISTRY["assessment"] is ASSESSMENT
    assert [(t.name, list(t.sources), t.target) for t in ASSESSMENT.transitions] == [
        ("start_scoring", ["draft"], "scoring"),
        ("publish", ["scoring"], "published"),
    ]
    assert all(t.rule == errors.RULE_ASSESSMENT_BY_RUNNER for t in ASSESSMENT.transitions)


def test_starting_scoring_writes_the_timeline_row_and_the_audit_row(world):
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a, note="指标已经工委会议审定")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SCORING
    (e,) = a.events.all()
    assert (e.transition, e.from_state, e.to_state, e.actor, e.note) == (
        "start_scoring",
        "draft",
        "scoring",
        world.committee,
        "指标已经工委会议审定",
    )
    row = AuditEvent.objects.filter(action=AuditAction.TRANSITION).get()
    assert row.changes["status"] == ["draft", "scoring"] and row.changes["transition"] == [None, "开始评分"]


def test_starting_scoring_is_refused_by_its_guards_with_nothing_written(world):
    a = services.assessment_create(actor=world.committee, name="空考核", year=2022)
    start = lambda: services.assessment_start_scoring(actor=world.committee, assessment=a)  # noqa: E731
    _refused(start, obj=a, status="draft", message=errors.ERR_NO_INDICATORS)
    services.indicator_add(actor=world.committee, assessment=a, name="党建", max_score=90)
    _refused(start, obj=a, status="draft", message=errors.ERR_TOTAL.format(total="90", expected="100"))
    services.indicator_add(actor=world.committee, assessment=a, name="其他", max_score=10)
    _refused(start, obj=a, status="draft", message=errors.ERR_NO_UNITS)
    services.units_add(actor=world.committee, assessment=a, units=[world.unit_a])
    start()
    assert _events(a) == [("start_scoring", "draft", "scoring")]


def test_starting_scoring_is_refused_to_others_than_the_committee_citing_the_rule(world):
    a = _ready(world)
    for user in (world.unit_staff, world.auditor, world.secretary):
        _refused(
            lambda u=user: services.assessment_start_scoring(actor=u, assessment=a),
            Forbidden,
            obj=a,
            status="draft",
            message=_not_permitted(ASSESSMENT, "start_scoring"),
        )
    assert errors.RULE_ASSESSMENT_BY_RUNNER in _not_permitted(ASSESSMENT, "start_scoring")


def test_publishing_fixes_grades_and_ranks_and_writes_the_timeline(world):
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    _score_all(world, a)
    services.assessment_publish(actor=world.committee, assessment=a, note="经工委会议研究")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.PUBLISHED and a.published_on is not None
    ranks = {u.unit_id: (u.total, u.grade, u.rank) for u in a.units.all()}
    assert ranks[world.unit_a.pk] == (Decimal("85"), "较好", 1)
    assert ranks[world.unit_b.pk] == (Decimal("65"), "一般", 2)
    assert _events(a) == [("start_scoring", "draft", "scoring"), ("publish", "scoring", "published")]
    assert a.events.get(transition="publish").note == "经工委会议研究"


def test_each_step_is_refused_from_the_wrong_state(world):
    a = _ready(world)
    publish = lambda: services.assessment_publish(actor=world.committee, assessment=a)  # noqa: E731
    start = lambda: services.assessment_start_scoring(actor=world.committee, assessment=a)  # noqa: E731
    _refused(publish, obj=a, status="draft", message=_not_from(ASSESSMENT, "draft", "publish"))
    start()
    _refused(start, obj=a, status="scoring", message=_not_from(ASSESSMENT, "scoring", "start_scoring"))
    _score_all(world, a)
    publish()
    _refused(publish, obj=a, status="published", message=_not_from(ASSESSMENT, "published", "publish"))
    _refused(start, obj=a, status="published", message=_not_from(ASSESSMENT, "published", "start_scoring"))
    with pytest.raises(ApplicationError, match="没有名为“close”的操作"):
        services.assessment_transition(actor=world.committee, assessment=a, name="close")


def test_publishing_is_refused_with_units_unscored_or_to_others_than_the_committee(world):
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    au = a.units.get(unit=world.unit_a)
    services.scores_record(
        actor=world.committee, assessed=au, rows=[{"indicator": a.indicators.first(), "score": 30}]
    )
    publish = lambda u=world.committee: services.assessment_publish(actor=u, assessment=a)  # noqa: E731
    message = errors.ERR_UNSCORED.format(n=3, unit="省财政厅", first="组织建设")
    _refused(publish, obj=a, status="scoring", message=message)
    _score_all(world, a)
    _refused(
        lambda: publish(world.unit_staff),
        Forbidden,
        obj=a,
        status="scoring",
        message=_not_permitted(ASSESSMENT, "publish"),
    )
    assert not AssessedUnit.objects.exclude(rank=None).exists()


def test_the_ranking_is_in_the_transaction_of_the_timeline_row(world, monkeypatch):
    """Publishing fails after the state and the timeline row are written: all of it is undone."""
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    _score_all(world, a)

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(AssessedUnit.objects, "bulk_update", broken)
    with pytest.raises(RuntimeError):
        services.assessment_publish(actor=world.committee, assessment=a)
    fresh = Assessment.objects.get(pk=a.pk)
    assert fresh.status == "scoring" and fresh.published_on is None
    assert _events(fresh) == [("start_scoring", "draft", "scoring")]
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == 1


def test_a_stale_copy_cannot_step_again(world):
    a = _ready(world)
    other = Assessment.objects.get(pk=a.pk)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    with pytest.raises(ApplicationError) as e:
        services.assessment_start_scoring(actor=world.committee, assessment=other)
    assert e.value.message == workflow.ERR_STATE_CHANGED.format(state="评分中")
    assert a.events.count() == 1


def test_the_timelines_are_append_only(world):
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    e = a.events.get()
    with pytest.raises(ApplicationError, match="只能追加"):
        e.save()
    with pytest.raises(ApplicationError, match="只能追加"):
        AssessmentEvent.objects.all().delete()
    with pytest.raises(ApplicationError, match="只能追加"):
        AppraisalEvent.objects.all().update(note="x")


def test_postgresql_refuses_changing_the_timelines_too(world, appraisal):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger of append_only_operation is PostgreSQL's")
    services.assessment_start_scoring(actor=world.committee, assessment=_ready(world))
    services.appraisal_report(actor=world.unit_staff, appraisal=appraisal, report="述职")
    for model in (AssessmentEvent, AppraisalEvent):
        table = connection.ops.quote_name(model._meta.db_table)
        for sql in (f"UPDATE {table} SET note = 'x'", f"DELETE FROM {table}"):
            with (
                pytest.raises(DatabaseError, match="只能追加"),
                transaction.atomic(),
                connection.cursor() as c,
            ):
                c.execute(sql)
        assert model.objects.count() == 1


# --- the secretary's appraisal ---------------------------------------------------------------------


@pytest.fixture
def appraisal(world) -> SecretaryAppraisal:
    rnd = services.round_create(
        actor=world.committee,
        name="2023年度机关党委书记述职评议",
        year=2023,
        evaluators=[world.committee, world.auditor],
    )
    return services.appraisal_add(
        actor=world.committee, round=rnd, organization=world.oc_a, secretary="赵书记"
    )


def test_the_appraisal_table_is_registered_with_its_rules():
    assert workflow.REGISTRY["secretary_appraisal"] is APPRAISAL
    assert [(t.name, list(t.sources), t.target, t.rule) for t in APPRAISAL.transitions] == [
        ("report", ["draft", "reported"], "reported", errors.RULE_REPORT_BY_SECRETARY),
        ("conclude", ["reported"], "concluded", errors.RULE_CONCLUDE_BY_ROUND),
    ]


def test_reporting_writes_the_timeline_and_may_be_repeated_while_rated(world, appraisal):
    services.appraisal_report(
        actor=world.unit_staff, appraisal=appraisal, report="  一年来抓基层党建工作……  "
    )
    appraisal.refresh_from_db()
    assert appraisal.status == "reported" and appraisal.report == "一年来抓基层党建工作……"
    assert appraisal.reported_on is not None
    services.appraisal_report(actor=world.committee, appraisal=appraisal, report="修改后的述职报告")
    appraisal.refresh_from_db()
    assert appraisal.report == "修改后的述职报告"
    assert _events(appraisal) == [("report", "draft", "reported"), ("report", "reported", "reported")]
    first, second = appraisal.events.all()
    assert first.actor == world.unit_staff and first.data == {"report_chars": 12}
    assert second.actor == world.committee


def test_reporting_is_refused_without_text_to_others_and_once_concluded(world, appraisal, staff_b):
    report = lambda u=world.unit_staff, text="述职": services.appraisal_report(  # noqa: E731
        actor=u, appraisal=appraisal, report=text
    )
    _refused(lambda: report(text="   "), obj=appraisal, status="draft", message=errors.ERR_APPRAISAL_REPORT)
    for user in (world.secretary, staff_b, world.auditor):  # a branch below, another unit, a reader
        _refused(
            lambda u=user: report(u),
            Forbidden,
            obj=appraisal,
            status="draft",
            message=_not_permitted(APPRAISAL, "report"),
        )
    assert appraisal.report == ""
    report()
    services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="好")
    services.appraisal_conclude(actor=world.committee, appraisal=appraisal)
    _refused(report, obj=appraisal, status="concluded", message=_not_from(APPRAISAL, "concluded", "report"))


def test_concluding_fixes_the_result_and_keeps_the_count_of_ratings(world, appraisal):
    services.appraisal_report(actor=world.unit_staff, appraisal=appraisal, report="述职")
    services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="好")
    services.appraisal_rate(actor=world.auditor, appraisal=appraisal, grade="较好")
    services.appraisal_conclude(actor=world.committee, appraisal=appraisal, note="经工委会议研究")
    appraisal.refresh_from_db()
    assert (appraisal.status, appraisal.result) == ("concluded", "较好") and appraisal.concluded_on
    last = appraisal.events.get(transition="conclude")
    assert (last.transition, last.from_state, last.to_state) == ("conclude", "reported", "concluded")
    assert last.data == {"ratings": {"好": 1, "较好": 1}} and last.note == "经工委会议研究"


def test_concluding_is_refused_from_the_wrong_state_without_ratings_and_to_others(world, appraisal):
    conclude = lambda u=world.committee: services.appraisal_conclude(actor=u, appraisal=appraisal)  # noqa: E731
    _refused(conclude, obj=appraisal, status="draft", message=_not_from(APPRAISAL, "draft", "conclude"))
    services.appraisal_report(actor=world.unit_staff, appraisal=appraisal, report="述职")
    _refused(conclude, obj=appraisal, status="reported", message=errors.ERR_APPRAISAL_NO_RATINGS)
    services.appraisal_rate(actor=world.auditor, appraisal=appraisal, grade="一般")
    for user in (world.unit_staff, world.auditor):  # the appraised side; an evaluator who only reads
        _refused(
            lambda u=user: conclude(u),
            Forbidden,
            obj=appraisal,
            status="reported",
            message=_not_permitted(APPRAISAL, "conclude"),
        )
    conclude()
    _refused(
        conclude, obj=appraisal, status="concluded", message=_not_from(APPRAISAL, "concluded", "conclude")
    )
    assert appraisal.result == "一般"


# --- pages ------------------------------------------------------------------------------------------


def test_the_assessment_page_offers_the_next_step_and_shows_the_timeline(world, login):
    a = _ready(world)
    c = login(world.committee)
    page = c.get(f"/assessments/{a.pk}/").content.decode()
    assert 'value="start_scoring"' in page and "尚无流转记录" in page
    r = c.post(f"/assessments/{a.pk}/step/", {"transition": "start_scoring", "note": "开始"}, follow=True)
    page = r.content.decode()
    assert "已开始评分。" in page and 'value="publish"' in page and "设置指标 → 评分中" in page
    r = c.post(f"/assessments/{a.pk}/step/", {"transition": "publish"}, follow=True)  # nothing scored
    assert "还有4项指标未评分" in r.content.decode()
    assert Assessment.objects.get(pk=a.pk).status == "scoring"


def test_a_unit_sees_its_published_result_and_the_timeline_but_no_steps(world, login, staff_b):
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    _score_all(world, a)
    c = login(world.unit_staff)
    assert c.get(f"/assessments/{a.pk}/").status_code == 404  # not yet published
    services.assessment_publish(actor=world.committee, assessment=a)
    page = c.get(f"/assessments/{a.pk}/").content.decode()
    assert "公布考核结果：评分中 → 已公布" in page and "当前没有您可以执行的操作" in page
    assert "省财政厅" in page and "省教育厅" not in page
    r = c.post(f"/assessments/{a.pk}/step/", {"transition": "publish"}, follow=True)
    assert _not_from(ASSESSMENT, "published", "publish") in r.content.decode()
    page = login(staff_b).get(f"/assessments/{a.pk}/").content.decode()
    assert "省教育厅" in page and "省财政厅" not in page  # each unit its own result


def test_a_refused_step_on_the_page_cites_the_rule(world, login):
    a = _ready(world)
    services.assessment_start_scoring(actor=world.committee, assessment=a)
    au = a.units.get(unit=world.unit_a)
    au.assessor = world.unit_staff
    au.save()
    c = login(world.unit_staff)  # an assessor sees the assessment, may not publish it
    assert 'value="publish"' not in c.get(f"/assessments/{a.pk}/").content.decode()
    r = c.post(f"/assessments/{a.pk}/step/", {"transition": "publish"}, follow=True)
    assert errors.RULE_ASSESSMENT_BY_RUNNER in r.content.decode()
    assert Assessment.objects.get(pk=a.pk).status == "scoring"


def test_the_appraisal_page_offers_conclude_and_shows_the_timeline(world, appraisal, login):
    c = login(world.unit_staff)
    page = c.get(f"/assessments/appraisals/item/{appraisal.pk}/").content.decode()
    assert 'id="report-form"' in page and 'value="report"' in page
    assert 'name="transition" value="report"' not in page  # reported with its own form
    c.post(f"/assessments/appraisals/item/{appraisal.pk}/", {"action": "report", "report": "述职报告正文"})
    r = c.post(f"/assessments/appraisals/item/{appraisal.pk}/step/", {"transition": "conclude"}, follow=True)
    assert _not_permitted(APPRAISAL, "conclude") in r.content.decode()
    c = login(world.committee)
    appraisal.refresh_from_db()
    services.appraisal_rate(actor=world.committee, appraisal=appraisal, grade="好")
    page = c.get(f"/assessments/appraisals/item/{appraisal.pk}/").content.decode()
    assert 'value="conclude"' in page and "提交述职报告：待述职 → 已述职，测评中" in page
    r = c.post(f"/assessments/appraisals/item/{appraisal.pk}/step/", {"transition": "conclude"}, follow=True)
    page = r.content.decode()
    assert "已确定评议等次。" in page and "确定评议等次：已述职，测评中 → 已确定等次" in page
    assert SecretaryAppraisal.objects.get(pk=appraisal.pk).result == "好"


def test_another_unit_sees_neither_the_appraisal_nor_its_timeline(world, appraisal, login, client, staff_b):
    services.appraisal_report(actor=world.unit_staff, appraisal=appraisal, report="述职")
    for user in (staff_b, world.secretary):
        c = login(user)
        assert c.get(f"/assessments/appraisals/item/{appraisal.pk}/").status_code == 404
        assert (
            c.post(
                f"/assessments/appraisals/item/{appraisal.pk}/step/", {"transition": "conclude"}
            ).status_code
            == 404
        )
        h = auth(user)
        assert client.get(f"/api/v1/appraisals/{appraisal.pk}/timeline", headers=h).status_code == 404
        r = send(client, "post", f"/api/v1/appraisals/{appraisal.pk}/steps", {"name": "conclude"}, h)
        assert r.status_code == 404
    assert appraisal.events.count() == 1


# --- API --------------------------------------------------------------------------------------------


def test_the_api_gives_next_steps_and_timelines(world, appraisal, client, staff_b):
    a = _ready(world)
    h, u = auth(world.committee), auth(world.unit_staff)
    assert client.get(f"/api/v1/assessments/{a.pk}", headers=h).json()["next_steps"] == ["start_scoring"]
    r = send(client, "post", f"/api/v1/assessments/{a.pk}/steps", {"step": "start", "note": "开始评分"}, h)
    assert r.json()["status"] == "scoring"
    rows = client.get(f"/api/v1/assessments/{a.pk}/timeline", headers=h).json()
    assert [(r["transition"], r["from_state"], r["to_state"], r["actor"], r["note"]) for r in rows] == [
        ("start_scoring", "draft", "scoring", world.committee.username, "开始评分")
    ]
    assert client.get(f"/api/v1/assessments/{a.pk}/timeline", headers=u).status_code == 404  # unpublished
    a.refresh_from_db()
    _score_all(world, a)
    send(client, "post", f"/api/v1/assessments/{a.pk}/steps", {"step": "publish"}, h)
    assert client.get(f"/api/v1/assessments/{a.pk}", headers=u).json()["next_steps"] == []
    assert len(client.get(f"/api/v1/assessments/{a.pk}/timeline", headers=u).json()) == 2
    units = client.get(f"/api/v1/assessments/{a.pk}/units", headers=auth(staff_b)).json()
    assert [r["unit"]["name"] for r in units] == ["省教育厅"]

    url = f"/api/v1/appraisals/{appraisal.pk}"
    assert client.get(url, headers=u).json()["next_steps"] == ["report"]
    r = send(client, "post", f"{url}/report", {"report": "述职报告"}, u)
    assert r.json()["status"] == "reported" and r.json()["next_steps"] == ["report"]
    body = is_chinese_error(send(client, "post", f"{url}/steps", {"name": "conclude"}, u), 403)
    assert errors.RULE_CONCLUDE_BY_ROUND in body["message"]
    body = is_chinese_error(send(client, "post", f"{url}/steps", {"name": "conclude"}, h), 400)
    assert body["message"] == errors.ERR_APPRAISAL_NO_RATINGS
    send(client, "post", f"{url}/ratings", {"grade": "较好"}, h)
    r = send(client, "post", f"{url}/steps", {"name": "conclude", "note": "同意"}, h)
    assert r.status_code == 200 and r.json()["result"] == "较好" and r.json()["status"] == "concluded"
    rows = client.get(f"{url}/timeline", headers=u).json()
    assert [r["transition"] for r in rows] == ["report", "conclude"]
    assert rows[1]["data"] == {"ratings": {"较好": 1}}
