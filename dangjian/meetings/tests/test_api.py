"""API of organisational life: scoped like the pages (outside scope 404, read-only 403), bad input
is a 4xx with a Chinese message, every write audited."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.core import excel
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.meetings import errors, signin
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.ledgers import export as ledger_export
from dangjian.meetings.ledgers import imports as ledger_imports
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.services import meetings as services
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.personas import make_person

NOT_FOUND = "对象不存在或不在您的权限范围内。"


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def meeting(world, org, actor, kind=MeetingKind.GENERAL_MEETING, **kw):
    return services.meeting_create(
        actor=actor,
        organization=org,
        kind=kind,
        title=kw.pop("title", "党员大会"),
        held_at=kw.pop("held_at", at(2024, 3, 5)),
        status=MeetingStatus.HELD,
        **kw,
    )


@pytest.fixture
def two(world):
    """A meeting of a1 (the secretary's) and one of b1 (outside the secretary's scope)."""
    return (
        meeting(world, world.a1, world.secretary, title="一支部大会"),
        meeting(world, world.b1, world.committee, title="教育厅大会"),
    )


# --- scope -----------------------------------------------------------------------------------


def test_the_secretary_of_a1_never_sees_b1s_meetings(world, client, two):
    a, b = two
    h = auth(world.secretary)
    r = client.get("/api/v1/meetings", headers=h)
    assert r.status_code == 200 and [m["title"] for m in r.json()["items"]] == ["一支部大会"]
    assert r.json()["count"] == 1
    assert client.get(f"/api/v1/meetings?org={world.b1.pk}", headers=h).status_code == 404
    person_b1 = world.people["member_b1"].pk
    calls = [
        ("get", f"/api/v1/meetings/{b.pk}", None),
        ("patch", f"/api/v1/meetings/{b.pk}", {"title": "改"}),
        ("get", f"/api/v1/meetings/{b.pk}/attendance", None),
        (
            "put",
            f"/api/v1/meetings/{b.pk}/attendance",
            {"rows": [{"person_id": person_b1, "status": "present"}]},
        ),
        ("get", f"/api/v1/meetings/{b.pk}/quorum", None),
        ("post", f"/api/v1/meetings/{b.pk}/votes", {"subject": "x", "votes_for": 1}),
        (
            "post",
            f"/api/v1/meetings/{b.pk}/appraisals",
            {"grades": [{"person_id": person_b1, "grade": "qualified"}]},
        ),
        ("get", f"/api/v1/meetings/{b.pk}/signin-token", None),
        ("get", f"/api/v1/members/{person_b1}/attendance", None),
        (
            "post",
            "/api/v1/meetings",
            {
                "organization_id": world.b1.pk,
                "kind": "themed_day",
                "title": "x",
                "held_at": "2024-01-01T09:00:00+08:00",
            },
        ),
        ("post", "/api/v1/meetings/ledgers/export", {"org_id": world.b1.pk, "year": 2024}),
        ("get", f"/api/v1/cadence?org={world.b1.pk}&year=2024", None),
        ("get", f"/api/v1/cadence/overdue?org={world.b1.pk}", None),
    ]
    before = AuditEvent.objects.count()
    for method, url, data in calls:
        r = (
            send(client, method, url, data, h)
            if data is not None
            else getattr(client, method)(url, headers=h)
        )
        assert r.status_code == 404, (method, url, r.content)
        assert r.json()["message"] == NOT_FOUND
    assert AuditEvent.objects.count() == before
    assert not Job.objects.exists()
    assert Meeting.objects.get(pk=b.pk).title == "教育厅大会"


def test_the_ledger_export_through_the_api_holds_only_rows_in_scope(world, client, two):
    r = send(
        client,
        "post",
        "/api/v1/meetings/ledgers/export",
        {"org_id": world.oc_a.pk, "year": 2024},
        auth(world.unit_staff),
    )
    assert r.status_code == 202 and r.json()["status"] == "done"
    job = Job.objects.get(pk=r.json()["id"])
    data = b"".join(client.get(r.json()["download_url"], headers=auth(world.unit_staff)).streaming_content)
    rows = excel.read_rows(data, sheet=ledger_export.LEDGER_SHEET)
    assert [x[2] for x in rows[2:]] == ["一支部大会"]
    assert job.result["meetings"] == 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.unit_staff).count() == 1


def test_the_auditor_reads_but_every_write_is_403(world, client, two):
    a, _b = two
    h = auth(world.auditor)
    assert client.get(f"/api/v1/meetings/{a.pk}", headers=h).status_code == 200
    p = world.people["member_a1"].pk
    writes = [
        (
            "post",
            "/api/v1/meetings",
            {
                "organization_id": world.a1.pk,
                "kind": "themed_day",
                "title": "x",
                "held_at": "2024-01-01T09:00:00+08:00",
            },
        ),
        ("patch", f"/api/v1/meetings/{a.pk}", {"title": "改"}),
        ("put", f"/api/v1/meetings/{a.pk}/attendance", {"rows": [{"person_id": p, "status": "present"}]}),
        ("post", f"/api/v1/meetings/{a.pk}/votes", {"subject": "x", "votes_for": 1}),
        ("post", f"/api/v1/meetings/{a.pk}/appraisals", {"grades": [{"person_id": p, "grade": "qualified"}]}),
        (
            "post",
            "/api/v1/youth-groups",
            {
                "unit_id": world.unit_a.pk,
                "organization_id": world.a1.pk,
                "name": "x",
                "established_on": "2024-01-01",
            },
        ),
        ("post", "/api/v1/work-prompts", {"title": "x", "body": "y", "recipient_ids": [world.a1.pk]}),
        ("post", "/api/v1/study-materials", {"title": "x", "year": 2024}),
    ]
    before = AuditEvent.objects.count()
    for method, url, data in writes:
        r = send(client, method, url, data, h)
        assert r.status_code == 403, (url, r.content)
        is_chinese_error(r, 403)
    assert client.get(f"/api/v1/meetings/{a.pk}/signin-token", headers=h).status_code == 403
    upload = excel.write_workbook([excel.SheetSpec("会议台账", [excel.Column("组织")], rows=[["x"]])])
    r = client.post(
        "/api/v1/imports/meeting-ledger", {"file": SimpleUploadedFile("a.xlsx", upload)}, headers=h
    )
    assert r.status_code == 403
    assert AuditEvent.objects.count() == before
    assert Meeting.objects.get(pk=a.pk).title == "一支部大会"


# --- meetings, attendance, votes -------------------------------------------------------------


def test_a_secretary_records_a_meeting_and_its_attendance_and_each_write_is_audited(world, client):
    h = auth(world.secretary)
    zhang, li = world.people["member_a1"], world.people["other_a1"]
    r = send(
        client,
        "post",
        "/api/v1/meetings",
        {
            "organization_id": world.a1.pk,
            "kind": "general_meeting",
            "title": "接收预备党员",
            "held_at": "2024-03-05T14:30:00+08:00",
            "status": "held",
            "host_id": zhang.pk,
            "agenda": [{"title": "学习重要讲话", "is_first_topic": True, "speech": "讲话"}],
        },
        h,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    mid = body["id"]
    assert body["host"]["name"] == "张三" and body["agenda"][0]["is_first_topic"]
    assert body["attendance_summary"]["total"] == 2
    assert (
        AuditEvent.objects.filter(
            object_type="meetings.meeting", object_id=str(mid), action=AuditAction.CREATE
        ).count()
        == 1
    )
    r = client.get(f"/api/v1/meetings/{mid}/attendance", headers=h)
    assert {x["person"]["name"]: x["is_voting"] for x in r.json()["items"]} == {"张三": True, "李四": False}
    q = client.get(f"/api/v1/meetings/{mid}/quorum", headers=h).json()
    assert q["applies"] and not q["met"] and "第十一条" in q["rule"]
    r = send(client, "post", f"/api/v1/meetings/{mid}/votes", {"subject": "接收", "votes_for": 1}, h)
    assert r.status_code == 400 and "法定人数" in r.json()["message"]
    r = send(
        client,
        "put",
        f"/api/v1/meetings/{mid}/attendance",
        {
            "rows": [
                {"person_id": zhang.pk, "status": "present"},
                {"person_id": li.pk, "status": "leave", "leave_reason": "出差"},
            ]
        },
        h,
    )
    assert r.status_code == 200 and r.json() == {"changed": 2}
    assert (
        AuditEvent.objects.filter(
            object_type="meetings.meeting", object_id=str(mid), action=AuditAction.UPDATE
        ).count()
        == 1
    )
    r = send(client, "post", f"/api/v1/meetings/{mid}/votes", {"subject": "接收", "votes_for": 1}, h)
    assert r.status_code == 201 and r.json()["passed"]
    assert AuditEvent.objects.filter(object_type="meetings.meetingvote").count() == 1
    r = send(client, "patch", f"/api/v1/meetings/{mid}", {"place": "二楼", "recorder_id": li.pk}, h)
    assert r.status_code == 200 and r.json()["place"] == "二楼" and r.json()["recorder"]["name"] == "李四"
    assert (
        AuditEvent.objects.filter(
            object_type="meetings.meeting", object_id=str(mid), action=AuditAction.UPDATE
        ).count()
        == 2
    )
    r = client.get(
        f"/api/v1/meetings?org={world.a1.pk}&year=2024&kind=general_meeting&status=held", headers=h
    )
    assert r.json()["count"] == 1
    assert client.get("/api/v1/meetings?year=2023", headers=h).json()["count"] == 0


def test_appraisals_through_the_api(world, client):
    m = meeting(world, world.a1, world.secretary, kind=MeetingKind.APPRAISAL)
    h = auth(world.secretary)
    zhang, li = world.people["member_a1"], world.people["other_a1"]
    r = send(
        client,
        "post",
        f"/api/v1/meetings/{m.pk}/appraisals",
        {"grades": [{"person_id": zhang.pk, "grade": "qualified"}]},
        h,
    )
    assert r.status_code == 200 and r.json() == {"graded": 1}
    r = send(
        client,
        "post",
        f"/api/v1/meetings/{m.pk}/appraisals",
        {"grades": [{"person_id": li.pk, "grade": "qualified"}]},
        h,
    )
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_PROBATIONARY_GRADED.format(name="李四")


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            lambda w: [
                {"person_id": w.people["member_b1"].pk, "status": "present"}
            ],  # outside scope: unnamed
            errors.ERR_PERSON_UNKNOWN.format(id="{member_b1}"),
        ),
        (
            lambda w: [
                {"person_id": w.people["member_a1"].pk, "status": "present"},
                {"person_id": w.people["member_a1"].pk, "status": "absent"},
            ],
            errors.ERR_DUPLICATE_PERSON.format(name="张三"),
        ),
        (
            lambda w: [{"person_id": w.people["member_a1"].pk, "status": "leave"}],
            errors.ERR_LEAVE_REASON.format(name="张三"),
        ),
    ],
)
def test_bad_attendance_is_refused_and_nothing_is_written(world, client, rows, message):
    message = message.replace("{member_b1}", str(world.people["member_b1"].pk))
    m = meeting(world, world.a1, world.secretary)
    r = send(
        client, "put", f"/api/v1/meetings/{m.pk}/attendance", {"rows": rows(world)}, auth(world.secretary)
    )
    assert is_chinese_error(r, 400)["message"] == message
    assert not Attendance.objects.filter(meeting=m).exclude(status="absent").exists()


def test_bad_input_is_a_4xx_with_a_chinese_message_never_500(world, client):
    h = auth(world.secretary)
    good = {
        "organization_id": world.a1.pk,
        "kind": "themed_day",
        "title": "x",
        "held_at": "2024-01-01T09:00:00+08:00",
    }
    r = client.post("/api/v1/meetings", data="{not json", content_type="application/json", headers=h)
    is_chinese_error(r, 400)
    for bad in (
        {"held_at": "昨天"},
        {"organization_id": "a1"},
        {"kind": "party"},
        {"title": ""},
        {"organization_id": 2**70},
        {"unknown": 1},
        {"agenda": "x"},
    ):
        r = send(client, "post", "/api/v1/meetings", good | bad, h)
        is_chinese_error(r, 422)
    future = (timezone.now() + dt.timedelta(days=3)).isoformat()
    r = send(client, "post", "/api/v1/meetings", good | {"held_at": future, "status": "held"}, h)
    assert is_chinese_error(r, 400)["message"] == errors.ERR_FUTURE_HELD
    r = send(client, "post", "/api/v1/meetings", good | {"kind": "group_meeting"}, h)
    assert "不能召开" in is_chinese_error(r, 400)["message"]
    r = send(client, "post", "/api/v1/meetings", good | {"host_id": world.people["member_b1"].pk}, h)
    assert is_chinese_error(r, 400)["message"] == errors.ERR_PERSON_CHOICE
    r = send(client, "post", "/api/v1/meetings", good | {"organization_id": 999999}, h)
    is_chinese_error(r, 404)
    assert not Meeting.objects.exists()
    for url in (
        "/api/v1/meetings/999999",
        "/api/v1/meetings/999999/quorum",
        "/api/v1/youth-groups/999999",
        "/api/v1/work-prompts/999999",
        "/api/v1/members/999999/attendance",
    ):
        is_chinese_error(client.get(url, headers=h), 404)
    is_chinese_error(client.get("/api/v1/meetings/abc", headers=h), 422)
    is_chinese_error(client.get("/api/v1/meetings?year=abc", headers=h), 422)
    m = meeting(world, world.a1, world.secretary)
    r = send(client, "patch", f"/api/v1/meetings/{m.pk}", {"title": None}, h)
    assert r.status_code in (400, 422) and not r.json()["message"].isascii()
    r = send(
        client,
        "put",
        f"/api/v1/meetings/{m.pk}/attendance",
        {"rows": [{"person_id": 1, "status": "late"}]},
        h,
    )
    is_chinese_error(r, 422)
    r = send(client, "post", f"/api/v1/meetings/{m.pk}/votes", {"subject": "x", "votes_for": -1}, h)
    is_chinese_error(r, 422)


def test_the_signin_token_is_for_writers_and_verifies(world, client, two):
    a, _ = two
    r = client.get(f"/api/v1/meetings/{a.pk}/signin-token", headers=auth(world.secretary))
    assert r.status_code == 200
    body = r.json()
    assert (
        signin.token_verify(a.pk, body["token"])
        and body["token"] in body["url"]
        and body["valid_seconds"] == 30
    )
    assert client.get(f"/api/v1/meetings/{a.pk}/signin-token", headers=auth(world.member)).status_code == 404


def test_a_member_sees_their_own_attendance_only(world, client, two):
    a, _ = two
    services.attendance_record(
        actor=world.secretary,
        meeting=a,
        rows=[{"person_id": world.people["member_a1"].pk, "status": "present"}],
    )
    me = world.people["member_a1"].pk
    r = client.get(f"/api/v1/members/{me}/attendance?year=2024", headers=auth(world.member))
    assert r.status_code == 200 and [(x["title"], x["status"]) for x in r.json()["items"]] == [
        ("一支部大会", "present")
    ]
    other = world.people["other_a1"].pk
    assert client.get(f"/api/v1/members/{other}/attendance", headers=auth(world.member)).status_code == 404
    assert client.get(f"/api/v1/members/{other}/attendance", headers=auth(world.secretary)).status_code == 200


# --- cadence ---------------------------------------------------------------------------------


def test_cadence_summary_and_overdue_are_scoped(committees, world, client):
    meeting(world, world.a1, world.secretary, kind=MeetingKind.COMMITTEE_MEETING, held_at=at(2024, 1, 10))
    h = auth(world.secretary)
    r = client.get(f"/api/v1/cadence?org={world.a1.pk}&year=2024", headers=h)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["organization"]["id"] == world.a1.pk and body["rules"]
    names = {row["name"] for row in body["rows"]["items"]}
    assert "省财政厅第一党支部" in names and names <= {"省财政厅第一党支部", "第一党小组"}
    a1_row = next(row for row in body["rows"]["items"] if row["id"] == world.a1.pk)
    assert any(c["kind"] == "committee_meeting" and c["met"] >= 1 for c in a1_row["cells"])
    r = client.get("/api/v1/cadence/overdue", headers=h)
    assert r.status_code == 200 and all("教育厅" not in i["organization"]["name"] for i in r.json()["items"])
    assert client.get("/api/v1/cadence", headers=auth(world.member)).status_code == 403


# --- youth groups --------------------------------------------------------------------------------


def test_youth_groups_through_the_api(world, client):
    young = make_person(world.a1, "小青", seq=41, birth=dt.date(1990, 1, 1))
    old = world.people["member_a1"]
    h = auth(world.secretary)
    r = send(
        client,
        "post",
        "/api/v1/youth-groups",
        {
            "unit_id": world.unit_a.pk,
            "organization_id": world.a1.pk,
            "name": "青年理论学习小组",
            "established_on": "2024-01-01",
        },
        h,
    )
    assert r.status_code == 201, r.content
    gid = r.json()["id"]
    r = send(
        client,
        "post",
        f"/api/v1/youth-groups/{gid}/members",
        {"person_id": young.pk, "joined_on": "2024-02-01"},
        h,
    )
    assert r.status_code == 201
    member_id = r.json()["id"]
    r = send(
        client,
        "post",
        f"/api/v1/youth-groups/{gid}/members",
        {"person_id": old.pk, "joined_on": "2024-02-01"},
        h,
    )
    assert is_chinese_error(r, 400)["message"].startswith("张三")
    detail = client.get(f"/api/v1/youth-groups/{gid}", headers=h).json()
    assert [m["person"]["name"] for m in detail["members"]] == ["小青"]
    assert client.get("/api/v1/youth-groups", headers=h).json()["count"] == 1
    r = client.delete(f"/api/v1/youth-groups/{gid}/members/{member_id}?left_on=2024-06-01", headers=h)
    assert r.status_code == 200 and r.json()["left_on"] == "2024-06-01"
    assert AuditEvent.objects.filter(object_type__startswith="meetings.youth").count() >= 3
    other = auth(world.unit_staff)  # sees oc_a's subtree, so also a1's group
    assert client.get(f"/api/v1/youth-groups/{gid}", headers=other).status_code == 200
    b1_group = send(
        client,
        "post",
        "/api/v1/youth-groups",
        {
            "unit_id": world.unit_b.pk,
            "organization_id": world.b1.pk,
            "name": "教育厅小组",
            "established_on": "2024-01-01",
        },
        auth(world.committee),
    ).json()["id"]
    assert client.get(f"/api/v1/youth-groups/{b1_group}", headers=h).status_code == 404
    r = send(client, "post", f"/api/v1/youth-groups/{b1_group}/members", {"person_id": young.pk}, h)
    assert r.status_code == 404
    assert [g["name"] for g in client.get("/api/v1/youth-groups", headers=h).json()["items"]] == [
        "青年理论学习小组"
    ]


# --- ledger import through the API -------------------------------------------------------------


def test_the_ledger_import_through_the_api_is_a_dry_run_then_a_commit(world, client):
    headers = [c.header for c in ledger_imports.COLUMNS]
    rows = [[world.a1.name, "主题党日", "主题党日活动", "2024-04-01", "", "", "", "", "", "", "张三", "", ""]]
    data = excel.write_workbook(
        [excel.SheetSpec(ledger_export.LEDGER_SHEET, [excel.Column(x) for x in headers], rows=rows)]
    )
    h = auth(world.secretary)
    r = client.post(
        "/api/v1/imports/meeting-ledger", {"file": SimpleUploadedFile("台账.xlsx", data)}, headers=h
    )
    assert r.status_code == 202, r.content
    assert r.json()["result"]["create"] == 1 and not Meeting.objects.exists()
    job_id = r.json()["id"]
    assert (
        client.post(
            f"/api/v1/imports/meeting-ledger/{job_id}/commit", headers=auth(world.unit_staff)
        ).status_code
        == 404
    )
    r = client.post(f"/api/v1/imports/meeting-ledger/{job_id}/commit", headers=h)
    assert r.status_code == 202 and r.json()["status"] == "done", r.content
    assert Meeting.objects.get().attendance.get(person__name="张三").status == "present"
    r = client.post(f"/api/v1/imports/meeting-ledger/{job_id}/commit", headers=h)
    is_chinese_error(r, 400)
    r = client.post(
        "/api/v1/imports/meeting-ledger", {"file": SimpleUploadedFile("x.xlsx", b"junk")}, headers=h
    )
    assert is_chinese_error(r, 400)["message"] == excel.ERR_NOT_XLSX


def test_the_meeting_list_costs_the_same_number_of_queries_for_1_and_20_meetings(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    h = auth(world.secretary)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/meetings", headers=h).status_code == 200
        return len(ctx)

    meeting(world, world.a1, world.secretary, host=world.people["member_a1"])
    queries()  # warm up (the token's first use is recorded once)
    one = queries()
    for day in range(1, 20):
        meeting(world, world.a1, world.secretary, held_at=at(2024, 5, day), host=world.people["member_a1"])
    assert queries() == one
