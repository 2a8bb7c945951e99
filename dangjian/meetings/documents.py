"""Word documents of a meeting: the meeting record (会议记录) and a printable sign-in sheet (签到表).

python-docx's `run.font.name` sets only the ASCII font; Chinese text needs w:eastAsia in
w:rFonts, so every run (and the Normal style) goes through `_font`. Each download is audited
as an EXPORT."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.models import AuditAction
from dangjian.meetings.enums import AttendanceStatus, MeetingKind
from dangjian.meetings.selectors import meetings as selectors
from dangjian.people.enums import MembershipStatus

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
TABLE_FONT = "宋体"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _new_document() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    _font(doc.styles["Normal"], BODY_FONT, 14)
    return doc


def _para(
    doc_or_cell, text: str = "", *, font: str = BODY_FONT, size: float = 14, bold: bool = False, align=None
):
    p = doc_or_cell.add_paragraph()
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, bold)
    return p


def _label_para(doc, label: str, text: str) -> None:
    p = doc.add_paragraph()
    _font(p.add_run(f"{label}："), BODY_FONT, 14, True)
    _font(p.add_run(text or "无"), BODY_FONT, 14)


def _cell(cell, text: str, *, bold: bool = False, size: float = 12, align=None) -> None:
    p = cell.paragraphs[0]  # a new cell holds one empty paragraph (cell.text = "" would add a bare run)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), TABLE_FONT, size, bold)


def _repeat_header(row) -> None:
    """Repeat the table's first row on every printed page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _when(meeting) -> str:
    t = timezone.localtime(meeting.held_at)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def _filename(meeting, what: str) -> str:
    t = timezone.localtime(meeting.held_at)
    name = f"{meeting.organization.name}{meeting.get_kind_display()}{t:%Y%m%d}{what}.docx"
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|')


def _identity(att) -> str:
    membership = getattr(att.person, "membership", None)
    if membership is not None and membership.status == MembershipStatus.PROBATIONARY:
        return "预备党员（无表决权）"
    if membership is not None and membership.status == MembershipStatus.FULL:
        return "正式党员"
    return "党员" if att.is_voting else "列席"


def _audit(actor, meeting, what: str, filename: str) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=meeting,
        changes={"document": [None, what], "file": [None, filename]},
    )


# --- 会议记录 ----------------------------------------------------------------------------------


def meeting_record_docx(*, actor: Actor, meeting) -> tuple[bytes, str]:
    roster = list(selectors.roster(meeting=meeting))
    by_status = {s: [a for a in roster if a.status == s] for s in AttendanceStatus.values}
    doc = _new_document()
    _para(doc, meeting.title, font=TITLE_FONT, size=20, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        doc,
        f"{meeting.organization.name}{meeting.get_kind_display()}会议记录",
        size=16,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )

    _label_para(doc, "党组织", meeting.organization.name)
    _label_para(doc, "会议类型", meeting.get_kind_display())
    _label_para(doc, "时间", _when(meeting))
    _label_para(doc, "地点", meeting.place)
    _label_para(doc, "主持人", meeting.host.name if meeting.host else "")
    _label_para(doc, "记录人", meeting.recorder.name if meeting.recorder else "")
    present, leave, absent = (
        by_status[AttendanceStatus.PRESENT],
        by_status[AttendanceStatus.LEAVE],
        by_status[AttendanceStatus.ABSENT],
    )
    _label_para(
        doc, "出席情况", f"应到{len(roster)}人，实到{len(present)}人，请假{len(leave)}人，缺席{len(absent)}人"
    )
    _label_para(doc, "出席人员", "、".join(a.person.name for a in present))
    _label_para(
        doc,
        "请假人员",
        "、".join(f"{a.person.name}（{a.leave_reason}）" if a.leave_reason else a.person.name for a in leave),
    )
    _label_para(doc, "缺席人员", "、".join(a.person.name for a in absent))
    if meeting.kind == MeetingKind.CENTRAL_GROUP:
        _label_para(doc, "工委列席", "是" if meeting.committee_attended else "否")
        _label_para(doc, "列席人员", "、".join(p.name for p in meeting.observers.all()))

    agenda = list(meeting.agenda.all())
    _para(doc, "会议议程", size=15, bold=True)
    if not agenda:
        _para(doc, "无")
    for i, item in enumerate(agenda, start=1):
        p = doc.add_paragraph()
        if item.is_first_topic:
            _font(p.add_run("【第一议题】"), BODY_FONT, 14, True)
        _font(p.add_run(f"{i}. {item.title}"), BODY_FONT, 14)
        if item.speech:
            _font(p.add_run(f"（学习：{item.speech}）"), BODY_FONT, 14)

    for label, text in (
        ("议题", meeting.topics),
        ("学习内容", meeting.study_content),
        ("会议记录", meeting.minutes),
    ):
        _para(doc, label, size=15, bold=True)
        for line in (text or "无").splitlines() or ["无"]:
            _para(doc, line)

    votes = list(meeting.votes.all())
    if votes:
        _para(doc, "表决情况", size=15, bold=True)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("表决事项", "赞成", "反对", "弃权", "结果"), strict=True):
            _cell(cell, text, bold=True)
        for v in votes:
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                (
                    v.subject,
                    str(v.votes_for),
                    str(v.votes_against),
                    str(v.abstentions),
                    "通过" if v.passed else "未通过",
                ),
                strict=True,
            ):
                _cell(cell, text)

    appraisals = list(meeting.appraisals.select_related("person").order_by("person__name_pinyin"))
    if appraisals:
        _para(doc, "评议结果", size=15, bold=True)
        _para(doc, "；".join(f"{a.person.name}：{a.get_grade_display()}" for a in appraisals))

    _para(doc)
    _para(doc, f"记录人（签字）：{'　' * 8}主持人（签字）：", align=WD_ALIGN_PARAGRAPH.LEFT)
    filename = _filename(meeting, "会议记录")
    _audit(actor, meeting, "会议记录", filename)
    return _save(doc), filename


# --- 签到表 ------------------------------------------------------------------------------------


def signin_sheet_docx(*, actor: Actor, meeting) -> tuple[bytes, str]:
    roster = list(selectors.roster(meeting=meeting))
    doc = _new_document()
    _para(
        doc,
        f"{meeting.organization.name}{meeting.get_kind_display()}签到表",
        font=TITLE_FONT,
        size=18,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(doc, f"会议主题：{meeting.title}", size=12)
    _para(doc, f"时间：{_when(meeting)}　　地点：{meeting.place or '　' * 6}", size=12)
    _para(doc, f"应到{len(roster)}人", size=12)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(18), Mm(40), Mm(50), Mm(55))
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, ("序号", "姓名", "身份", "签名"), widths, strict=True):
        _cell(cell, text, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.width = width
    for i, att in enumerate(roster, start=1):
        row = table.add_row()
        row.height = Mm(11)
        cells = row.cells
        for cell, text, width in zip(
            cells, (str(i), att.person.name, _identity(att), ""), widths, strict=True
        ):
            _cell(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
            cell.width = width
    _para(doc, "注：预备党员参加会议，没有表决权。", size=10)
    filename = _filename(meeting, "签到表")
    _audit(actor, meeting, "签到表", filename)
    return _save(doc), filename
