"""The pipeline of a branch (or of everything the actor sees) as .xlsx and .docx. ID numbers are
masked; each download is audited as an EXPORT."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction
from dangjian.development.selectors import next_step_label

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADERS = [
    ("姓名", 10),
    ("公民身份号码", 20),
    ("党支部", 28),
    ("阶段", 14),
    ("申请入党", 12),
    ("确定积极分子", 12),
    ("确定发展对象", 12),
    ("支部大会通过", 12),
    ("审批", 12),
    ("预备期满", 12),
    ("转正", 12),
    ("下一步", 22),
    ("办理期限", 12),
    ("逾期", 6),
]


def _rows(qs, today: dt.date):
    for a in qs.iterator(chunk_size=2000):
        yield [
            a.person.name,
            a.person.id_masked,
            a.organization.name,
            a.get_stage_display(),
            a.applied_on,
            a.activist_on,
            a.candidate_on,
            a.vote_on,
            a.approved_on,
            a.probation_ends_on,
            a.full_on,
            next_step_label(a),
            a.due_on,
            bool(a.due_on and a.due_on < today),
        ]


def _audit(actor, what: str, n: int, scope: str) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="development.applicant",
        object_repr=f"发展党员{what}",
        changes={"rows": [None, n], "scope": [None, scope]},
    )


def pipeline_xlsx(*, actor: Actor, qs, scope: str, today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    qs = qs.select_related("person", "organization")
    data = write_workbook(
        [
            SheetSpec(
                name="发展党员",
                title=f"发展党员工作台账（{scope}，{today:%Y-%m-%d}）",
                columns=[Column(h, w, text=(h == "公民身份号码")) for h, w in HEADERS],
                rows=_rows(qs, today),
            )
        ]
    )
    assert data is not None
    _audit(actor, "台账.xlsx", qs.count(), scope)
    return data


def pipeline_docx(*, actor: Actor, qs, scope: str, today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    rows = list(_rows(qs.select_related("person", "organization")[:2000], today))
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    doc.add_heading(f"发展党员工作情况表（{scope}）", level=1)
    doc.add_paragraph(f"截至{today.year}年{today.month}月{today.day}日，共{len(rows)}人。")
    cols = [0, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for i, c in enumerate(cols):
        table.rows[0].cells[i].text = HEADERS[c][0]
    for row in rows:
        cells = table.add_row().cells
        for i, c in enumerate(cols):
            v = row[c]
            cells[i].text = "" if v is None else (f"{v:%Y-%m-%d}" if isinstance(v, dt.date) else str(v))
    for r in table.rows:
        for cell in r.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    out = io.BytesIO()
    doc.save(out)
    _audit(actor, "情况表.docx", len(rows), scope)
    return out.getvalue()
