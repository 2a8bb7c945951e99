"""The development pages and API: the board, a step recorded from the page changes the board,
refusals shown with their rule, the exports (masked, scoped), the member's timeline."""

from __future__ import annotations

import io

import openpyxl

from dangjian.development.enums import Stage
from dangjian.development.tests.conftest import day
from dangjian.tests.api import auth, is_chinese_error, send


def test_the_board_shows_the_applicant_in_the_first_stage(dev, login):
    page = login(dev.world.secretary).get("/development/").content.decode()
    assert "申请人" in page and 'id="pipeline-board"' in page
    assert "派人谈话" in page or "党组织派人谈话" in page


def test_a_step_recorded_on_the_page_moves_the_record(dev, login):
    c = login(dev.world.secretary)
    a = dev.applicant
    r = c.post(
        f"/development/{a.pk}/step/", {"step": "talk", "date": day(10).isoformat(), "documents": "谈话记录"}
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.stage == Stage.TALKED and a.talked_on == day(10)
    page = c.get(f"/development/{a.pk}/").content.decode()
    assert "党组织派人谈话" in page and "谈话记录" in page


def test_a_refused_step_is_shown_with_its_rule_and_nothing_changes(dev, login):
    c = login(dev.world.secretary)
    dev.to_activist()
    a = dev.refresh()
    r = c.post(
        f"/development/{a.pk}/step/", {"step": "make_candidate", "date": day(100).isoformat()}, follow=True
    )
    assert "第十三条" in r.content.decode()
    assert dev.refresh().stage == Stage.ACTIVIST


def test_the_vote_form_refuses_below_quorum_with_the_rule(dev, login):
    a = dev.to_pre_reviewed()
    meeting = dev.meeting(500, present=1)
    c = login(dev.world.secretary)
    r = c.post(
        f"/development/{a.pk}/step/vote/",
        {
            "meeting": meeting.pk,
            "votes_for": 1,
            "votes_against": 0,
            "abstentions": 0,
            "written_for": 0,
            "written_against": 0,
            "written_abstentions": 0,
        },
    )
    assert r.status_code == 200 and "未达到法定人数" in r.content.decode()
    assert dev.refresh().stage == Stage.PRE_REVIEWED


def test_the_exports_mask_ids_and_keep_to_the_scope(dev, login):
    c = login(dev.world.secretary)
    r = c.get("/development/export.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    values = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "申请人" in values
    assert dev.applicant.person.id_masked in values
    r = c.get("/development/export.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    # Another branch's secretary sees none of it.
    from dangjian.accounts.enums import Role
    from dangjian.tests.personas import _user

    other = _user("t-b1-dev", Role.BRANCH_SECRETARY, dev.world.b1)
    c = login(other)
    ws = openpyxl.load_workbook(io.BytesIO(c.get("/development/export.xlsx").content)).active
    assert "申请人" not in [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]


def test_the_member_page_shows_the_development_steps(dev, login):
    dev.step("talk", 10)
    page = login(dev.world.committee).get(f"/people/persons/{dev.applicant.person_id}/").content.decode()
    assert "第1步 递交入党申请书" in page and "第2步 党组织派人谈话" in page


def test_the_api_lists_records_a_step_and_refuses_with_the_rule(dev, client):
    h = auth(dev.world.secretary)
    r = client.get("/api/v1/development/applicants", headers=h)
    assert r.status_code == 200 and r.json()["count"] == 1
    a = dev.applicant
    r = send(
        client,
        "post",
        f"/api/v1/development/applicants/{a.pk}/steps",
        {"step": "talk", "date": day(10).isoformat()},
        h,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["stage"] == "talked" and any(s["name"] == "make_activist" for s in body["next_steps"])
    r = send(
        client,
        "post",
        f"/api/v1/development/applicants/{a.pk}/steps",
        {"step": "approve", "date": day(20).isoformat()},
        h,
    )
    assert r.status_code in (400, 403)
    is_chinese_error(r, r.status_code)


def test_the_api_refuses_an_applicant_under_18(world, client):
    import datetime as dt

    from dangjian.tests.personas import make_person

    person = make_person(world.a1, "少年乙", seq=71, birth=dt.date(2001, 3, 1), status=None)
    r = send(
        client,
        "post",
        "/api/v1/development/applicants",
        {"person_id": person.pk, "applied_on": "2019-02-28"},
        auth(world.secretary),
    )
    body = is_chinese_error(r, 400)
    assert "第五条" in body["message"]
