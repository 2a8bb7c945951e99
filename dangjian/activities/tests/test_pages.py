"""The participation pages and API: list, detail, adding people (subtree, picked, saved list,
guests), bulk attendance with its refusals, the .xlsx exports (masked IDs), QR sign-in on the
shared token of core.signin, and the import's all-or-nothing commit."""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl
import pytest
from django.utils import timezone

from dangjian.activities import errors, services
from dangjian.activities.enums import ActivityKind, AddedBy, GuestKind, ParticipationStatus
from dangjian.activities.models import Participation, SavedList
from dangjian.core import excel, signin
from dangjian.core.models import Job
from dangjian.tests.api import auth, send

D = dt.date(2023, 5, 10)


@pytest.fixture
def activity(world):
    return services.activity_create(
        actor=world.committee,
        kind=ActivityKind.EXCHANGE,
        title="模范机关创建工作交流会",
        organization=world.root,
        first_day=D,
    )


def _rows(activity):
    return list(Participation.objects.filter(activity=activity).order_by("id"))


def test_the_list_shows_visible_activities_with_their_counts(world, activity, login):
    services.participants_add(
        actor=world.committee, activity=activity, person_ids=[world.people["member_a1"].pk]
    )
    page = login(world.committee).get("/activities/?kind=exchange&year=2023").content.decode()
    assert "模范机关创建工作交流会" in page and "1/1" in page


def test_creating_an_activity_from_the_page_and_its_field_errors(world, login):
    c = login(world.secretary)
    bad = c.post(
        "/activities/new/",
        {"organization": world.a1.pk, "kind": "lecture", "title": "", "first_day": "2023-05-01"},
    )
    assert bad.status_code == 400 and "请填写名称。" in bad.content.decode()
    r = c.post(
        "/activities/new/",
        {
            "organization": world.a1.pk,
            "kind": "lecture",
            "title": "党课",
            "first_day": "2023-05-02",
            "last_day": "2023-05-01",
        },
    )
    assert "结束日期不能早于开始日期。" in r.content.decode()
    r = c.post(
        "/activities/new/",
        {"organization": world.a1.pk, "kind": "lecture", "title": "党课", "first_day": "2023-05-01"},
    )
    assert r.status_code == 302


def test_adding_a_subtree_filtered_by_status_then_picked_people_and_a_guest(world, activity, login):
    c = login(world.committee)
    r = c.post(
        f"/activities/{activity.pk}/participants/add/",
        {
            "mode": "roster",
            "org": world.oc_a.pk,
            "member_statuses": ["probationary"],
            "role": "participant",
            "status": "registered",
        },
    )
    assert r.status_code == 302
    assert [p.person.name for p in _rows(activity)] == ["李四"]  # the one probationary member of oc_a
    page = c.get(f"/activities/{activity.pk}/participants/add/?q=孙").content.decode()
    assert "孙七" in page
    r = c.post(
        f"/activities/{activity.pk}/participants/add/",
        {
            "mode": "pick",
            "person_ids": [world.people["member_b1"].pk],
            "role": "speaker",
            "status": "present",
            "list_name": "发言人",
        },
    )
    assert r.status_code == 302
    assert SavedList.objects.get(owner=world.committee, name="发言人").person_ids == [
        world.people["member_b1"].pk
    ]
    r = c.post(
        f"/activities/{activity.pk}/participants/add/",
        {
            "mode": "guest",
            "name": "王家属",
            "kind": "family",
            "from_text": "张三家属",
            "role": "participant",
            "status": "present",
        },
    )
    assert r.status_code == 302
    detail = c.get(f"/activities/{activity.pk}/").content.decode()
    assert 'id="count-total">3<' in detail and 'id="count-guests">1<' in detail and "王家属" in detail


def test_adding_someone_twice_is_refused_and_nothing_is_written(world, activity, login):
    c = login(world.committee)
    pid = world.people["member_a1"].pk
    services.participants_add(actor=world.committee, activity=activity, person_ids=[pid])
    r = c.post(
        f"/activities/{activity.pk}/participants/add/",
        {
            "mode": "pick",
            "person_ids": [world.people["member_a2"].pk, pid],
            "role": "participant",
            "status": "present",
        },
    )
    assert r.status_code == 400
    assert errors.ERR_ALREADY_ADDED.format(name="张三") in r.content.decode()
    assert len(_rows(activity)) == 1


def test_a_saved_list_adds_its_people_and_is_its_owners_alone(world, activity, login):
    saved = services.saved_list_save(
        actor=world.committee,
        name="两人",
        person_ids=[world.people["member_a1"].pk, world.people["member_a2"].pk],
    )
    c = login(world.committee)
    r = c.post(
        f"/activities/{activity.pk}/participants/add/",
        {"mode": "pick", "saved_list": saved.pk, "role": "participant", "status": "present"},
    )
    assert r.status_code == 302 and len(_rows(activity)) == 2
    assert login(world.unit_staff).post(f"/activities/lists/{saved.pk}/delete/").status_code == 404


def test_bulk_attendance_marks_the_ticked_rows_and_refuses_someone_not_on_the_activity(
    world, activity, login
):
    rows = services.participants_add(
        actor=world.committee,
        activity=activity,
        person_ids=[world.people["member_a1"].pk, world.people["member_a2"].pk],
        status=ParticipationStatus.REGISTERED,
    )
    c = login(world.committee)
    c.post(f"/activities/{activity.pk}/participants/mark/", {"rows": [r.pk for r in rows], "status": "leave"})
    assert {r.status for r in _rows(activity)} == {"leave"}
    other = services.activity_create(
        actor=world.committee, kind=ActivityKind.LECTURE, title="另一场", organization=world.root, first_day=D
    )
    stranger = services.participants_add(
        actor=world.committee, activity=other, person_ids=[world.people["member_a3"].pk]
    )[0]
    r = c.post(
        f"/activities/{activity.pk}/participants/mark/",
        {"rows": [rows[0].pk, stranger.pk], "status": "present"},
        follow=True,
    )
    assert "不在本活动的参加人员中" in r.content.decode()
    assert {r.status for r in _rows(activity)} == {"leave"}  # nothing written
    from dangjian.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="赵六不在本活动的参加人员中"):
        services.attendance_mark(
            actor=world.committee,
            activity=activity,
            status="present",
            person_ids=[world.people["member_a3"].pk],
        )


def test_the_participants_export_masks_id_numbers(world, activity, login):
    services.participants_add(
        actor=world.committee, activity=activity, person_ids=[world.people["member_a1"].pk]
    )
    services.guest_add(actor=world.committee, activity=activity, name="外宾甲", kind=GuestKind.OUTSIDE)
    r = login(world.committee).get(f"/activities/{activity.pk}/participants.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    values = [[c for c in row] for row in ws.iter_rows(min_row=3, values_only=True)]
    person = world.people["member_a1"]
    assert any(person.id_masked in row for row in values)
    assert all("*" in (row[2] or "*") for row in values)
    assert any("外宾甲" in row for row in values)
    lst = login(world.committee).get("/activities/export.xlsx?year=2023")
    assert lst.status_code == 200 and lst["Content-Type"].startswith("application/vnd.openxml")


# --- QR sign-in -------------------------------------------------------------------------------


@pytest.fixture
def today_activity(world):
    return services.activity_create(
        actor=world.committee,
        kind=ActivityKind.LECTURE,
        title="今日讲座",
        organization=world.oc_a,
        first_day=timezone.localdate(),
    )


def test_sign_in_uses_the_shared_token_and_adds_a_member_of_the_organisers_subtree(
    world, today_activity, client
):
    token = signin.token_issue("activity", today_activity.pk)
    r = client.get(f"/activities/signin/{today_activity.pk}/{token}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    from dangjian.tests.personas import PASSWORD

    r = client.post(
        f"/accounts/login/?next=/activities/{today_activity.pk}/signin/confirm/",
        {"username": "t-member", "password": PASSWORD},
    )
    r = client.get(f"/activities/{today_activity.pk}/signin/confirm/")
    assert r.status_code == 200 and "签到成功" in r.content.decode()
    row = Participation.objects.get(activity=today_activity, person=world.people["member_a1"])
    assert row.status == "present" and row.added_by == AddedBy.QR and row.signed_in_at is not None


def test_a_meeting_token_or_an_old_token_does_not_open_an_activity(world, today_activity, client):
    meeting_token = signin.token_issue("meeting", today_activity.pk)
    assert client.get(f"/activities/signin/{today_activity.pk}/{meeting_token}/").status_code == 400
    old = signin.token_issue("activity", today_activity.pk, now=time.time() - 31)
    r = client.get(f"/activities/signin/{today_activity.pk}/{old}/")
    assert r.status_code == 400 and errors.ERR_SIGNIN_EXPIRED in r.content.decode()


def test_sign_in_refuses_someone_outside_the_activity_and_outside_its_days(world, today_activity):
    from dangjian.accounts.models import User
    from dangjian.core.errors import ApplicationError
    from dangjian.tests.personas import _user

    outsider = _user("t-b1member", "member", world.b1, person=world.people["member_b1"])
    with pytest.raises(ApplicationError, match="不在本活动的参加范围内"):
        services.sign_in(actor=outsider, activity=today_activity)
    member = User.objects.get(username="t-member")
    with pytest.raises(ApplicationError, match="不在活动时间内"):
        services.sign_in(
            actor=member, activity=today_activity, today=timezone.localdate() + dt.timedelta(days=1)
        )
    assert not Participation.objects.filter(activity=today_activity).exists()


def test_the_screen_is_for_organisers(world, today_activity, login):
    assert login(world.unit_staff).get(f"/activities/{today_activity.pk}/screen/").status_code == 200
    assert login(world.secretary).get(f"/activities/{today_activity.pk}/screen/").status_code in (403, 404)


# --- import ------------------------------------------------------------------------------------


def _workbook(rows):
    from dangjian.activities.imports import COLUMNS, SHEET

    data = excel.write_workbook(
        [excel.SheetSpec(SHEET, [excel.Column(c.header) for c in COLUMNS], rows=rows)]
    )
    assert data is not None
    return io.BytesIO(data)


def _upload(c, rows):
    f = _workbook(rows)
    f.name = "参加人员.xlsx"
    r = c.post("/activities/import/", {"file": f})
    assert r.status_code == 302, r.content.decode()[:300]
    return Job.objects.filter(kind="activities.participants_validate").latest("id")


def test_the_import_is_all_or_nothing_and_names_the_row(world, activity, login):
    c = login(world.committee)
    a1 = world.people["member_a1"]
    good = [activity.pk, "张三", "", "", "", "发言", "参加", ""]
    guest = [activity.pk, "李家属", "", "党员家属", "李四家属", "", "", ""]
    bad = [activity.pk, "查无此人", "", "", "", "", "", ""]
    job = _upload(c, [good, guest, bad])
    assert job.result["error_count"] == 1 and job.result["errors"][0]["row"] == 4
    assert "名册中没有此人" in job.result["errors"][0]["reason"]
    assert c.post(f"/activities/import/{job.pk}/commit/").status_code == 302
    assert not _rows(activity)  # refused: nothing written
    job = _upload(c, [good, guest])
    assert job.result["error_count"] == 0 and job.result["create"] == 2
    c.post(f"/activities/import/{job.pk}/commit/")
    rows = _rows(activity)
    assert {(r.person_id, r.guest_name, r.role) for r in rows} == {
        (a1.pk, "", "speaker"),
        (None, "李家属", "participant"),
    }
    assert {r.added_by for r in rows} == {AddedBy.IMPORT}


def test_the_import_refuses_a_person_already_on_the_activity_or_twice_in_the_file(world, activity, login):
    services.participants_add(
        actor=world.committee, activity=activity, person_ids=[world.people["member_a2"].pk]
    )
    job = _upload(
        login(world.committee),
        [
            [activity.pk, "张三", "", "", "", "", "", ""],
            [activity.pk, "张三", "", "", "", "", "", ""],
            [activity.pk, "王五", "", "", "", "", "", ""],
        ],
    )
    reasons = {e["row"]: e["reason"] for e in job.result["errors"]}
    assert reasons == {3: "与第2行重复。", 4: errors.ERR_ALREADY_ADDED.format(name="王五")}


# --- API ----------------------------------------------------------------------------------------


class _Api:
    def __init__(self, client, user):
        self.client, self.headers = client, auth(user)

    def get(self, url):
        return self.client.get(url, headers=self.headers)

    def post(self, url, data):
        return send(self.client, "post", url, data, self.headers)


def test_the_api_lists_adds_marks_and_counts(world, activity, client):
    api = _Api(client, world.committee)
    r = api.post(f"/api/v1/activities/{activity.pk}/participants/roster", {"org_id": world.a1.pk})
    assert r.status_code == 201 and r.json()["added"] == 2
    r = api.post(f"/api/v1/activities/{activity.pk}/guests", {"name": "来宾", "kind": "outside"})
    assert r.status_code == 201
    r = api.post(
        f"/api/v1/activities/{activity.pk}/participants/status",
        {"status": "absent", "person_ids": [world.people["member_a1"].pk]},
    )
    assert r.json() == {"changed": 1}
    r = api.post(
        f"/api/v1/activities/{activity.pk}/participants/status",
        {"status": "absent", "person_ids": [world.people["member_b1"].pk]},
    )
    assert r.status_code == 400 and "孙七不在本活动的参加人员中" in r.json()["message"]
    d = api.get(f"/api/v1/activities/{activity.pk}").json()
    assert d["summary"]["total"] == 3 and d["summary"]["took_part"] == 2 and d["summary"]["guests"] == 1
    items = api.get(f"/api/v1/activities/{activity.pk}/participants").json()
    assert items["count"] == 3 and all("*" in i["id_masked"] for i in items["items"] if i["person_id"])
    assert api.get("/api/v1/activities?kind=exchange").json()["count"] == 1
