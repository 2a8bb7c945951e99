"""Meeting ledgers: export per organisation and year (scoped, audited) and the historical import
(dry run, row errors, error workbook, all-or-nothing commit)."""

import datetime as dt
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dangjian.core import excel, jobs
from dangjian.core import imports as core_imports
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.meetings import errors
from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.ledgers import export as ledger_export
from dangjian.meetings.ledgers import imports as ledger_imports
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.services import meetings as services

HEADERS = [c.header for c in ledger_imports.COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def row(world, **over) -> dict:
    base = {
        "组织": world.a1.name,
        "类型": "支部党员大会",
        "主题": "学习党的二十大精神",
        "时间": "2024-03-05 14:30",
        "地点": "三楼会议室",
        "主持人": "张三",
        "记录人": "李四",
        "议题": "传达学习",
        "学习内容": "二十大报告",
        "第一议题": "重要讲话",
        "出席": "张三",
        "请假": "李四（出差）",
        "缺席": "",
    }
    base.update(over)
    return base


def workbook(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    spec = excel.SheetSpec(
        ledger_export.LEDGER_SHEET,
        [excel.Column(h) for h in headers],
        rows=[[r.get(h, "") for h in headers] for r in rows],
    )
    content = excel.write_workbook([spec])
    assert content is not None
    return content


def validate(actor, rows, headers=None) -> Job:
    return ledger_imports.ledger_import_submit(
        actor=actor, data=workbook(rows, headers), filename="台账.xlsx"
    )


def counts() -> tuple:
    return (
        Meeting.objects.count(),
        Attendance.objects.count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.LOGIN]).count(),
    )


def reasons(job) -> list[tuple]:
    return [(e["row"], e["column"], e["reason"]) for e in job.result["errors"]]


def make_meeting(world, org, actor, **kw):
    return services.meeting_create(
        actor=actor,
        organization=org,
        kind=kw.pop("kind", MeetingKind.THEMED_DAY),
        title=kw.pop("title", "主题党日"),
        held_at=kw.pop("held_at", at(2024, 4, 1)),
        status=MeetingStatus.HELD,
        **kw,
    )


# --- import ----------------------------------------------------------------------------------


def test_the_template_has_the_ledger_columns_and_instructions(world, login):
    response = login(world.secretary).get(reverse("meetings:ledger_import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = excel.read_rows(response.content, sheet=ledger_export.LEDGER_SHEET)
    assert [ledger_imports.core_imports.header_key(c) for c in rows[0]] == HEADERS
    notes = excel.read_rows(response.content, sheet="说明")
    assert any("顿号" in str(c) for r in notes for c in r)


def test_a_clean_file_is_validated_without_writing_then_committed(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.secretary)
    before = counts()
    upload = SimpleUploadedFile(
        "台账.xlsx",
        workbook([row(world), row(world, 类型="主题党日", 时间="2024-04-01", 出席="张三、李四", 请假="")]),
        content_type=XLSX,
    )
    response = client.post(reverse("meetings:ledger_import"), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(kind=ledger_imports.VALIDATE_KIND)
    assert job.result["error_count"] == 0 and job.result["create"] == 2
    assert counts() == before  # the dry run writes nothing
    page = client.get(job.result["next_url"]).content.decode()
    assert "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:ledger_import_commit", args=[job.pk]))
    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("held_at"))
    assert [m.kind for m in meetings] == [MeetingKind.GENERAL_MEETING, MeetingKind.THEMED_DAY]
    first = meetings[0]
    assert first.status == MeetingStatus.HELD and first.organization == world.a1
    assert timezone.localtime(first.held_at).strftime("%Y-%m-%d %H:%M") == "2024-03-05 14:30"
    assert first.host is not None and first.recorder is not None
    assert (first.host.name, first.recorder.name, first.place) == ("张三", "李四", "三楼会议室")
    assert first.agenda.get(is_first_topic=True).speech == "重要讲话"
    att = {a.person.name: (a.status, a.leave_reason) for a in first.attendance.select_related("person")}
    assert att == {"张三": (AttendanceStatus.PRESENT, ""), "李四": (AttendanceStatus.LEAVE, "出差")}
    assert timezone.localtime(meetings[1].held_at).hour == ledger_imports.DATE_ONLY_HOUR
    # every write audited: each meeting, its attendance, and the import itself
    assert AuditEvent.objects.filter(object_type="meetings.meeting", action=AuditAction.CREATE).count() == 2
    assert AuditEvent.objects.filter(object_type="meetings.meeting", action=AuditAction.UPDATE).count() == 2
    assert AuditEvent.objects.filter(object_type="meetings.meeting", action=AuditAction.IMPORT).count() == 1
    job.refresh_from_db()
    assert job.result["committed"] and not os.listdir(core_imports.upload_dir())
    assert "已导入" in client.get(reverse("meetings:ledger_import_result", args=[job.pk])).content.decode()


@pytest.mark.parametrize(
    "over, column, reason",
    [
        ({"组织": "不存在的支部"}, "组织", errors.ERR_LEDGER_ORG_UNKNOWN.format(name="不存在的支部")),
        (
            {"组织": "省教育厅第一党支部"},
            "组织",
            errors.ERR_LEDGER_ORG_UNKNOWN.format(name="省教育厅第一党支部"),
        ),
        (
            {"类型": "党小组会"},
            "类型",
            errors.ERR_KIND_FOR_ORG.format(org="省财政厅第一党支部", org_kind="党支部", kind="党小组会"),
        ),
        ({"类型": "茶话会"}, "类型", None),
        ({"时间": "2099-01-01"}, "时间", errors.ERR_FUTURE_HELD),
        ({"时间": "三月五日"}, "时间", errors.ERR_LEDGER_TIME.format(value="三月五日")),
        ({"主题": ""}, "主题", errors.ERR_LEDGER_REQUIRED.format(column="主题")),
        (
            {"出席": "张三、孙七"},
            "出席",
            errors.ERR_NOT_ON_ROSTER.format(name="孙七", date="2024-05-05", org="省财政厅第一党支部"),
        ),
        ({"出席": "张三", "请假": "张三（病假）"}, "请假", errors.ERR_DUPLICATE_PERSON.format(name="张三")),
        ({"出席": "张三、张三", "请假": ""}, "出席", errors.ERR_DUPLICATE_PERSON.format(name="张三")),
        ({"请假": "李四"}, "请假", errors.ERR_LEDGER_LEAVE_FORMAT.format(name="李四")),
        (
            {"主持人": "孙七"},
            "主持人",
            errors.ERR_LEDGER_PERSON_UNKNOWN.format(column="主持人", name="孙七", org="省财政厅第一党支部"),
        ),
    ],
)
def test_a_bad_cell_is_reported_with_row_and_column_and_nothing_is_written(world, over, column, reason):
    before = counts()
    job = validate(world.secretary, [row(world), row(world, **({"时间": "2024-05-05"} | over))])
    found = reasons(job)
    assert len(found) == 1 and found[0][:2] == (3, column), found
    if reason is not None:
        assert found[0][2] == reason
    assert job.result["create"] == 1 and job.result_file == "errors.xlsx"
    with pytest.raises(ApplicationError) as e:
        ledger_imports.ledger_commit_submit(actor=world.secretary, validate_job=job)
    assert e.value.message == core_imports.ERR_HAS_ERRORS.format(n=1)
    assert counts() == before


def test_a_bad_last_row_leaves_the_database_untouched_even_when_committed_directly(world):
    rows = [row(world, 时间=f"2024-0{m}-10", 请假="") for m in range(1, 10)] + [
        row(world, 出席="孙七", 请假="")
    ]
    before = counts()
    with pytest.raises(ApplicationError) as e:
        ledger_imports.ledger_commit(actor=world.secretary, data=workbook(rows))
    assert "第11行" in e.value.message and "未导入任何数据" in e.value.message
    assert counts() == before


def test_a_failure_while_writing_rolls_every_meeting_back(world, monkeypatch):
    real = services.attendance_record
    calls = []

    def fail_on_third(**kw):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(**kw)

    monkeypatch.setattr(services, "attendance_record", fail_on_third)
    rows = [row(world, 时间=f"2024-0{m}-10") for m in range(1, 4)]
    before = counts()
    with pytest.raises(RuntimeError):
        ledger_imports.ledger_commit(actor=world.secretary, data=workbook(rows))
    assert counts() == before


def test_the_same_meeting_twice_in_the_file_or_already_recorded_is_refused(world):
    make_meeting(
        world, world.a1, world.secretary, kind=MeetingKind.GENERAL_MEETING, held_at=at(2024, 6, 1, 14)
    )
    job = validate(
        world.secretary,
        [row(world), row(world, 出席="", 请假=""), row(world, 时间="2024-06-01 14:00", 请假="")],
    )
    found = reasons(job)
    assert found[0] == (3, "时间", errors.ERR_LEDGER_DUP_IN_FILE.format(other=2))
    assert found[1][0] == 4 and "已有" in found[1][2]


def test_a_missing_required_column_is_one_file_level_error(world):
    headers = [h for h in HEADERS if h != "类型"]
    job = validate(world.secretary, [row(world)], headers=headers)
    assert reasons(job) == [(None, "类型", core_imports.ERR_MISSING_COLUMN.format(column="类型"))]
    assert job.result["file_error"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", excel.ERR_EMPTY_FILE),
        (b"name,org\n1,2\n", excel.ERR_NOT_XLSX),
        (b"PK\x03\x04" + os.urandom(2000), excel.ERR_NOT_XLSX),
    ],
)
def test_bad_uploads_are_refused_before_any_job(world, login, data, message):
    client = login(world.secretary)
    upload = SimpleUploadedFile("台账.xlsx", data, content_type=XLSX)
    response = client.post(reverse("meetings:ledger_import"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_the_error_workbook_repeats_the_rows_with_the_reason(world, login):
    client = login(world.secretary)
    job = validate(world.secretary, [row(world), row(world, 时间="2024-05-05", 出席="孙七", 请假="")])
    page = client.get(reverse("meetings:ledger_import_result", args=[job.pk])).content.decode()
    assert "第3行" in page and "孙七" in page and "确认导入" not in page
    response = client.get(reverse("core:job_download", args=[job.pk]))
    rows = excel.read_rows(b"".join(response.streaming_content), sheet=ledger_export.LEDGER_SHEET)
    assert rows[0][0] == core_imports.ERROR_COLUMN and rows[0][1:] == HEADERS
    assert rows[1][0] == "" and "孙七" in rows[2][0] and rows[2][4] == "2024-05-05"


def test_a_file_is_committed_only_once(world):
    job = validate(world.secretary, [row(world)])
    ledger_imports.ledger_commit_submit(actor=world.secretary, validate_job=job)
    job.refresh_from_db()
    with pytest.raises(ApplicationError) as e:
        ledger_imports.ledger_commit_submit(actor=world.secretary, validate_job=job)
    assert e.value.message == core_imports.ERR_ALREADY_COMMITTED
    assert Meeting.objects.count() == 1


def test_another_users_import_job_is_404(world, login):
    job = validate(world.secretary, [row(world)])
    client = login(world.unit_staff)
    assert client.get(reverse("meetings:ledger_import_result", args=[job.pk])).status_code == 404
    assert client.post(reverse("meetings:ledger_import_commit", args=[job.pk])).status_code == 404
    assert not Meeting.objects.exists()


def test_read_only_roles_cannot_import(world, login):
    for user in (world.auditor, world.member):
        client = login(user)
        assert client.get(reverse("meetings:ledger_import")).status_code == 403
        assert client.get(reverse("meetings:ledger_import_template")).status_code == 403


# --- export ----------------------------------------------------------------------------------


def _export(client, org, year=2024):
    response = client.post(reverse("meetings:ledgers"), {"org": org.pk, "year": year})
    return response


def _sheets(client, job):
    data = b"".join(client.get(reverse("core:job_download", args=[job.pk])).streaming_content)
    return excel.read_rows(data, sheet=ledger_export.LEDGER_SHEET), excel.read_rows(
        data, sheet=ledger_export.DETAIL_SHEET
    )


def ledger_hour(meeting) -> tuple[int, int]:
    local = timezone.localtime(meeting.held_at)
    return local.hour, local.minute


def test_the_error_workbook_keeps_the_templates_dropdowns(world):
    job = validate(world.secretary, [row(world, 时间="2024-05-05", 出席="孙七", 请假="")])
    ws = openpyxl.load_workbook(jobs.job_dir(job) / job.result_file).active
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("主题党日" in f for f in lists)


def test_the_export_holds_only_meetings_in_scope_with_attendance_and_no_id_numbers(world, login):
    m = make_meeting(world, world.a1, world.secretary, title="一支部主题党日")
    services.attendance_record(
        actor=world.secretary,
        meeting=m,
        rows=[
            {"person_id": world.people["member_a1"].pk, "status": "present"},
            {"person_id": world.people["other_a1"].pk, "status": "leave", "leave_reason": "出差"},
        ],
    )
    make_meeting(world, world.b1, world.committee, title="教育厅主题党日")
    make_meeting(world, world.a1, world.secretary, title="去年的会", held_at=at(2023, 4, 1))
    client = login(world.secretary)
    response = _export(client, world.a1)
    assert response.status_code == 302
    job = Job.objects.get(kind=ledger_export.EXPORT_KIND)
    ledger, detail = _sheets(client, job)
    assert ledger[1] == [c.header for c in ledger_export.LEDGER_COLUMNS]
    assert [r[2] for r in ledger[2:]] == ["一支部主题党日"]
    assert ledger[2][7:11] == [2, 1, 1, 0]
    assert ledger[2][3] == dt.datetime(2024, 4, 1, *ledger_hour(m))  # an Excel date, not text
    assert {(r[4], r[5], r[6]) for r in detail[1:]} == {("张三", "出席", ""), ("李四", "请假", "出差")}
    text = str(ledger) + str(detail)
    assert "教育厅" not in text and "孙七" not in text
    for person in world.people.values():
        assert person.id_masked not in text and person.id_tail not in text.replace("2024", "")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="meetings.meeting")
    assert event.actor == world.secretary and event.org_path == world.a1.path


def test_the_committee_exports_every_branch_under_a_node(world, login):
    make_meeting(world, world.a1, world.secretary, title="甲")
    make_meeting(world, world.b1, world.committee, title="乙")
    client = login(world.committee)
    _export(client, world.root)
    ledger, _ = _sheets(client, Job.objects.get(kind=ledger_export.EXPORT_KIND))
    assert sorted(r[2] for r in ledger[2:]) == ["乙", "甲"]


def test_the_secretary_of_a1_gets_404_for_b1_on_the_ledger_pages(world, login):
    client = login(world.secretary)
    assert client.get(reverse("meetings:ledgers"), {"org": world.b1.pk}).status_code == 404
    assert _export(client, world.b1).status_code == 404
    assert not Job.objects.exists()


def test_the_scope_is_applied_again_when_the_export_runs(world):
    from dangjian.accounts.models import RoleGrant
    from dangjian.core import jobs
    from dangjian.organizations import scoping
    from dangjian.users import services as user_services

    make_meeting(world, world.a1, world.secretary)
    job = Job.objects.create(
        kind=ledger_export.EXPORT_KIND,
        title="x",
        created_by=world.secretary,
        params={"org": world.a1.pk, "year": 2024},
    )
    for grant in RoleGrant.objects.filter(user=world.secretary):
        user_services.grant_revoke(actor=world.committee, grant=grant)
    scoping.forget(world.secretary)
    job = jobs.run_job(job.pk)
    assert job.status == "failed" and not job.result_file


def test_a_member_cannot_export_ledgers(world, login):
    client = login(world.member)
    assert client.get(reverse("meetings:ledgers")).status_code == 403


def test_the_ledger_page_offers_only_organisations_in_scope(world, login):
    page = login(world.secretary).get(reverse("meetings:ledgers"))
    assert page.status_code == 200
    text = page.content.decode()
    assert world.a1.name in text and world.b1.name not in text and "导入历史会议" in text
    page = login(world.auditor).get(reverse("meetings:ledgers")).content.decode()
    assert world.b1.name in page and "导入历史会议" not in page
