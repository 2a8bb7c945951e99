"""The fee ledger as .xlsx (ID numbers masked), audited as an EXPORT."""

from __future__ import annotations

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_xlsx(*, actor: Actor, org, book) -> bytes:
    cols = [
        Column("姓名", 10),
        Column("身份证号", 20, text=True),
        Column("所在党组织", 28),
        Column("类别", 16),
        Column("基数（元）", 12),
        Column("月交（元）", 10),
    ]
    cols += [Column(f"{m}月", 7) for m in range(1, 13)]
    cols += [Column("应交（元）", 12), Column("实交（元）", 12), Column("欠交（元）", 12)]
    rows = []
    for r in book.rows:
        b = r.base
        months = ["√" if m in r.paid_months else ("欠" if m in r.unpaid_months else "") for m in range(1, 13)]
        rows.append(
            (
                b.person.name,
                b.person.id_masked,
                b.organization.name,
                b.get_category_display(),
                float(b.base),
                float(b.monthly_fee),
                *months,
                float(r.due),
                float(r.paid),
                float(r.arrears),
            )
        )
    rows.append(
        ("合计", "", "", "", "", "", *[""] * 12, float(book.due), float(book.paid), float(book.arrears))
    )
    if book.other_paid:
        rows.append(
            (
                "本组织收缴的其他党员党费（年内转入等）",
                "",
                "",
                "",
                "",
                "",
                *[""] * 12,
                "",
                float(book.other_paid),
                "",
            )
        )
    rows.append(("收缴总额", "", "", "", "", "", *[""] * 12, "", float(book.payments_total), ""))
    out = write_workbook(
        [
            SheetSpec(
                "党费台账", cols, rows=rows, title=f"{org.name}{book.year}年党费收缴台账（截至{book.as_of}）"
            )
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="fees.feepayment",
        org_path=org.path,
        object_repr=f"{org.name}{book.year}年党费台账",
        changes={"rows": [None, len(book.rows)]},
    )
    assert out is not None
    return out


def summary_xlsx(*, actor: Actor, org, book, children: list[dict]) -> bytes:
    cols = [
        Column("党组织", 36),
        Column("党员（人）", 10),
        Column("月交合计（元）", 14),
        Column("应交（元）", 14),
        Column("实交（元）", 14),
        Column("欠交（元）", 14),
    ]
    rows: list[tuple] = [
        (c["name"], c["members"], float(c["monthly"]), float(c["due"]), float(c["paid"]), float(c["arrears"]))
        for c in children
    ]
    rows.append(
        (
            "合计",
            sum(c["members"] for c in children),
            "",
            float(book.due),
            float(book.payments_total),
            float(book.arrears),
        )
    )
    title = f"{org.name}{book.year}年党费收缴汇总（截至{book.as_of}）"
    out = write_workbook([SheetSpec("党费收缴汇总", cols, rows=rows, title=title)])
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="fees.feepayment",
        org_path=org.path,
        object_repr=title,
        changes={"rows": [None, len(children)]},
    )
    assert out is not None
    return out
