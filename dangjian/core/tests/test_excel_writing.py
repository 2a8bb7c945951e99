"""Writing workbooks: text that looks like a formula is kept exactly as typed and never runs."""

from __future__ import annotations

import io

import openpyxl

from dangjian.core import excel


def test_text_that_looks_like_a_formula_is_written_exactly_as_text():
    typed = ["=1+2", "+86 139", "-5", "@SUM(A1)", "普通文本"]
    data = excel.write_workbook(
        [
            excel.SheetSpec(
                "表", [excel.Column("值"), excel.Column("号", text=True)], rows=[[v, v] for v in typed]
            )
        ]
    )
    assert data is not None
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [row for row in ws.iter_rows(min_row=2)]
    assert [[c.value for c in row] for row in cells] == [[v, v] for v in typed]
    assert all(c.data_type == "s" for row in cells for c in row)
    assert [row[0].quotePrefix for row in cells] == [True, True, True, True, False]
    assert cells[0][1].quotePrefix and cells[0][1].number_format == "@"
