"""Exports of medals and care: the eligible list (.xlsx and .docx), issuing records and the care
ledger (.xlsx). ID numbers masked; each download audited as an EXPORT."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangjian.care import rules
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ELIGIBLE_COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("性别", 6),
    Column("出生日期", 12),
    Column("身份证号", 20, text=True),
    Column("单位", 26),
    Column("所在党组织", 30),
    Column("转正日期", 12),
    Column("党龄（年）", 10),
    Column("已颁发", 8),
]


def _eligible_rows(people, year: int) -> list[tuple]:
    return [
        (
            i,
            p.name,
            p.get_gender_display(),
            p.birth_date,
            p.id_masked,
            p.unit.name,
            p.organization.name,
            p.membership.full_on,
            rules.party_years(p.membership.full_on, year),
            bool(getattr(p, "awarded", False)),
        )
        for i, p in enumerate(people, start=1)
    ]


def eligible_xlsx(*, actor: Actor, people, year: int) -> bytes:
    rows = _eligible_rows(people, year)
    out = write_workbook(
        [
            SheetSpec(
                "纪念章名单",
                ELIGIBLE_COLUMNS,
                rows=rows,
                title=f"{year}年“光荣在党50年”纪念章颁发对象名单（截至{rules.cutoff(year)}党龄满50年）",
            )
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="care.medalaward",
        object_repr=f"{year}年纪念章名单",
        changes={"rows": [None, len(rows)]},
    )
    assert out is not None
    return out


def _font(run, name: str, size: float) -> None:
    run.font.name, run.font.size = name, Pt(size)
    rpr = run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def eligible_docx(*, actor: Actor, people, year: int) -> bytes:
    rows = _eligible_rows(people, year)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)  # A4 landscape
    section.left_margin = section.right_margin = Mm(18)
    p = doc.add_paragraph()
    _font(p.add_run(f"{year}年“光荣在党50年”纪念章颁发对象名单"), "方正小标宋简体", 18)
    p = doc.add_paragraph()
    _font(
        p.add_run(f"（健在且截至{rules.cutoff(year)}党龄满50年的党员，共{len(rows)}人）"), "仿宋_GB2312", 12
    )
    headers = [c.header for c in ELIGIBLE_COLUMNS[:-1]]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(text), "黑体", 10.5)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row[:-1], strict=True):
            _font(cell.paragraphs[0].add_run(str(value)), "宋体", 10.5)
    out = io.BytesIO()
    doc.save(out)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="care.medalaward",
        object_repr=f"{year}年纪念章名单（Word）",
        changes={"rows": [None, len(rows)]},
    )
    return out.getvalue()


def care_xlsx(*, actor: Actor, rows, totals: dict, year: int) -> bytes:
    cols = [
        Column("日期", 12),
        Column("类型", 10),
        Column("对象", 10),
        Column("单位", 26),
        Column("党组织", 30),
        Column("金额（元）", 12),
        Column("事由", 30),
    ]
    data = [
        (r.on, r.get_kind_display(), r.recipient, r.unit.name, r.organization.name, float(r.amount), r.reason)
        for r in rows
    ]
    summary = [(u["unit__name"], u["n"], float(u["amount"]), float(u["wan"])) for u in totals["units"]]
    summary.append(("合计", totals["count"], float(totals["total"]), float(totals["total_wan"])))
    out = write_workbook(
        [
            SheetSpec(
                "按单位汇总",
                [Column("单位", 30), Column("次数", 8), Column("金额（元）", 14), Column("金额（万元）", 14)],
                title=f"{year}年关爱帮扶汇总",
                rows=summary,
            ),
            SheetSpec("明细", cols, title=f"{year}年走访慰问与慰问金明细", rows=data),
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="care.carerecord",
        object_repr=f"{year}年关爱帮扶台账",
        changes={"rows": [None, len(data)]},
    )
    assert out is not None
    return out
