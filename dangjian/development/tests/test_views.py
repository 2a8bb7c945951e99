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


def test_every_step_with_its_own_form_is_recorded_from_its_page(dev, login):
    """Contacts, sponsors, political review, training (a refusal shown on its field first), the
    vote and the committee talk, each posted to its page, take the record to the approval."""
    w = dev.world
    c = login(w.secretary)
    for name, n in (("talk", 10), ("make_activist", 40), ("file_activist", 45)):
        dev.step(name, n)
    a = dev.refresh()
    two = [p.pk for p in dev.full[:2]]

    def post(client, name, data):
        return client.post(f"/development/{a.pk}/step/{name}/", data)

    assert post(c, "assign_contacts", {"people": two, "date": day(50).isoformat()}).status_code == 302
    for name, n in (("review", 200), ("make_candidate", 405), ("file_candidate", 410)):
        dev.step(name, n)
    assert post(c, "assign_sponsors", {"people": two, "date": day(412).isoformat()}).status_code == 302
    review = {
        "date": day(420).isoformat(),
        "passed": "1",
        "conclusion": "政治审查合格",
        "documents": "结论性材料",
    }
    assert post(c, "political_review", review).status_code == 302
    short = post(c, "training", {"date": day(430).isoformat(), "days": 1, "hours": 4})
    assert short.status_code == 200 and short.context["form"].errors.get("days")  # training_days -> days
    assert dev.refresh().trained_on is None
    assert post(c, "training", {"date": day(430).isoformat(), "days": 3, "hours": 0}).status_code == 302
    dev.step("committee_review", 440)
    dev.step("pre_review", 450, actor=w.unit_staff)
    dev.step("fill_form", 455)
    meeting = dev.meeting(500)
    votes = {"meeting": meeting.pk, "votes_for": 4, "votes_against": 0, "abstentions": 0}
    votes |= {"written_for": 0, "written_against": 0, "written_abstentions": 0}
    assert post(c, "vote", votes).status_code == 302
    talk = {"talker": w.people["member_a1"].pk, "date": day(510).isoformat(), "note": "谈话"}
    assert post(login(w.unit_staff), "committee_talk", talk).status_code == 302
    a = dev.refresh()
    assert a.trained_on == day(430) and a.training_days == 3 and a.political_review_passed
    assert a.stage == Stage.VOTED and a.committee_talk_on == day(510)
