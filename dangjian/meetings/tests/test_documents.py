import datetime as dt
import io
from urllib.parse import quote

from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from dangjian.core.models import AuditAction, AuditEvent
from dangjian.meetings import documents
from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.services import meetings as services


def held_meeting(world):
    m = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.GENERAL_MEETING,
        title="三月支部党员大会",
        held_at=timezone.make_aware(dt.datetime(2024, 3, 5, 9, 30)),
        status=MeetingStatus.HELD,
        place="三楼会议室",
        host=world.people["member_a1"],
        recorder=world.people["other_a1"],
        study_content="学习党章第一章",
        minutes="会议讨论通过了发展计划。",
        agenda=[
            {"title": "学习重要讲话", "is_first_topic": True, "speech": "七一讲话"},
            {"title": "讨论发展党员"},
        ],
    )
    services.attendance_record(
        actor=world.secretary,
        meeting=m,
        rows=[
            {"person_id": world.people["member_a1"].pk, "status": AttendanceStatus.PRESENT},
            {
                "person_id": world.people["other_a1"].pk,
                "status": AttendanceStatus.LEAVE,
                "leave_reason": "出差",
            },
        ],
    )
    services.vote_record(actor=world.secretary, meeting=m, subject="接收预备党员", votes_for=1)
    return m


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_the_meeting_record_opens_and_holds_names_agenda_attendance_and_votes(world, login):
    m = held_meeting(world)
    response = login(world.secretary).get(f"/meetings/{m.pk}/record.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_TYPE
    assert (
        f"filename*=UTF-8''{quote('省财政厅第一党支部支部党员大会20240305会议记录.docx')}"
        in response["Content-Disposition"]
    )
    text = text_of(Document(io.BytesIO(response.content)))
    for expected in (
        "三月支部党员大会",
        "省财政厅第一党支部",
        "2024年3月5日 09:30",
        "三楼会议室",
        "主持人：张三",
        "记录人：李四",
        "应到2人，实到1人，请假1人，缺席0人",
        "李四（出差）",
        "【第一议题】",
        "学习重要讲话",
        "七一讲话",
        "学习党章第一章",
        "会议讨论通过了发展计划。",
        "接收预备党员",
        "通过",
    ):
        assert expected in text, expected
    event = AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="meetings.meeting", object_id=str(m.pk)
    ).get()
    assert event.changes["document"] == [None, "会议记录"] and event.actor == world.secretary


def test_the_sign_in_sheet_is_an_a4_table_with_one_row_per_roster_person(world, login):
    m = held_meeting(world)
    response = login(world.auditor).get(f"/meetings/{m.pk}/signin-sheet.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "身份", "签名"]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert {r[1] for r in body} == {"李四", "张三"} and len(body) == 2
    assert {r[1]: r[2] for r in body} == {"张三": "正式党员", "李四": "预备党员（无表决权）"}
    assert all(r[3] == "" for r in body) and [r[0] for r in body] == ["1", "2"]
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT,
        object_id=str(m.pk),
        changes__document=[None, "签到表"],
        actor=world.auditor,
    ).exists()


def test_chinese_runs_carry_an_east_asian_font(world):
    m = held_meeting(world)
    data, _name = documents.signin_sheet_docx(actor=world.secretary, meeting=m)
    doc = Document(io.BytesIO(data))
    name_cell = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert name_cell._element.rPr.rFonts.get(qn("w:eastAsia")) == documents.TABLE_FONT
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == documents.BODY_FONT


def test_the_secretary_of_a1_cannot_download_b1s_documents(world, login):
    m = services.meeting_create(
        actor=world.committee,
        organization=world.b1,
        kind=MeetingKind.THEMED_DAY,
        title="主题党日",
        held_at=timezone.make_aware(dt.datetime(2024, 1, 1, 9)),
    )
    client = login(world.secretary)
    assert client.get(f"/meetings/{m.pk}/record.docx").status_code == 404
    assert client.get(f"/meetings/{m.pk}/signin-sheet.docx").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
