"""Documents of the transfers area: the introduction letter (组织关系介绍信, .docx) and the .xlsx
lists (transfers, the 6-month flag, mobile members, a check drive's list per unit). Each download
is audited as an EXPORT; ID numbers appear masked only.

python-docx's `run.font.name` sets only the ASCII font; Chinese text needs w:eastAsia (see
meetings/documents.py, where the same helper is explained)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CN = "〇一二三四五六七八九"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    rpr = run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, *, size: float = 14, bold=False, center=False, right=False, font="仿宋_GB2312"):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run(text), font, size, bold)
    return p


def _cn_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def introduction_letter(*, actor: Actor, transfer) -> bytes:
    """中国共产党党员组织关系介绍信: the counterfoil and the letter, with its number and validity."""
    person = transfer.person
    membership = getattr(person, "membership", None)
    status = membership.get_status_display() if membership else ""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    for part in ("存根", "介绍信"):
        _para(
            doc,
            "中国共产党党员组织关系介绍信" + ("（存根）" if part == "存根" else ""),
            size=20,
            center=True,
            font="方正小标宋简体",
        )
        _para(doc, f"第 {transfer.letter_no} 号", right=True)
        if part == "介绍信":
            _para(doc, f"{transfer.external_org}：")
        body = (
            f"{person.name}同志（{person.get_gender_display()}，{person.birth_date.year}年{person.birth_date.month}月生，"
            f"身份证号{person.id_masked}）系中共{status}，由{transfer.from_org.name}转往{transfer.external_org}，"
            f"请转接组织关系。该同志党费已交到{transfer.started_on.year}年{transfer.started_on.month}月。"
        )
        _para(doc, "　　" + body)
        _para(doc, f"　　（有效期{transfer.valid_days}天，至{_cn_date(transfer.valid_until)}）")
        _para(doc, transfer.from_org.name + "（盖章）", right=True)
        _para(doc, _cn_date(transfer.started_on), right=True)
        if part == "存根":
            _para(doc, "-" * 40 + " 骑缝 " + "-" * 40, size=10, center=True)
        else:
            _para(doc, "回执：上述同志的组织关系已转至我处。（接收党组织盖章，寄回转出党组织）", size=12)
    out = io.BytesIO()
    doc.save(out)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=transfer,
        changes={"document": [None, "组织关系介绍信"], "letter_no": [None, transfer.letter_no]},
    )
    return out.getvalue()


def transfers_xlsx(*, actor: Actor, rows, title: str) -> bytes:
    cols = [
        Column("编号", 14),
        Column("姓名", 10),
        Column("身份证号", 20, text=True),
        Column("类型", 16),
        Column("转出党组织", 30),
        Column("接收党组织", 30),
        Column("发起日期", 12),
        Column("办理时限", 12),
        Column("状态", 10),
        Column("办结日期", 12),
    ]
    data = [
        (
            t.number,
            t.person.name,
            t.person.id_masked,
            t.get_kind_display(),
            t.from_org.name if t.from_org else t.external_org,
            t.to_org.name if t.to_org else t.external_org,
            t.started_on,
            t.due_on,
            t.get_status_display(),
            t.closed_on,
        )
        for t in rows
    ]
    out = write_workbook([SheetSpec("组织关系转接", cols, title=title, rows=data)])
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="transfers.transfer",
        object_repr=title,
        changes={"rows": [None, len(data)]},
    )
    assert out is not None
    return out


def inactive_xlsx(*, actor: Actor, rows, title: str) -> bytes:
    cols = [
        Column("姓名", 10),
        Column("身份证号", 20, text=True),
        Column("单位", 24),
        Column("所在党组织", 30),
        Column("未参加组织生活", 14),
        Column("未交纳党费", 12),
    ]
    data = [(p.name, p.id_masked, p.unit.name, p.organization.name, not p.attended, not p.paid) for p in rows]
    out = write_workbook([SheetSpec("六个月未参加组织生活或未交党费", cols, title=title, rows=data)])
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="people.person",
        object_repr=title,
        changes={"rows": [None, len(data)]},
    )
    assert out is not None
    return out


def check_xlsx(*, actor: Actor, run, groups: list[dict]) -> bytes:
    cols = [
        Column("单位", 24),
        Column("所在党组织", 30),
        Column("姓名", 10),
        Column("身份证号", 20, text=True),
        Column("流动去向", 30),
        Column("联系人", 12),
        Column("核实结果", 12),
    ]
    data = [
        (
            g["unit"].name,
            r.organization.name,
            r.person.name,
            r.person.id_masked,
            r.location,
            r.contact,
            r.get_result_display(),
        )
        for g in groups
        for r in g["rows"]
    ]
    summary = [(g["unit"].name, len(g["rows"])) for g in groups]
    out = write_workbook(
        [
            SheetSpec(
                "按单位汇总",
                [Column("单位", 30), Column("流动党员（人）", 14)],
                title=run.title,
                rows=summary,
            ),
            SheetSpec("排查名单", cols, title=f"{run.title}（{_cn_date(run.checked_on)}）", rows=data),
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=run,
        org_path=run.organization.path,
        changes={"rows": [None, len(data)]},
    )
    assert out is not None
    return out
