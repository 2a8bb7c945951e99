"""Uploads are bounded before the Excel reader allocates anything in proportion to what a file
declares: sparse dimensions, huge row or column references, a million rows, oversized non-Excel
bodies, multipart without a boundary."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter
from django.urls import reverse

from dangjian.core import excel
from dangjian.core.errors import ApplicationError
from dangjian.core.models import Job

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A tiny real workbook (xlsxwriter) whose sheet1.xml is replaced by `sheet_xml`."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out)
    wb.add_worksheet("党员名册").write_string(0, 0, "姓名")
    wb.close()
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = sheet_xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            z.writestr(info.filename, data)
    return result.getvalue()


def sheet(rows_xml: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'{HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    )


def sparse_workbook() -> bytes:
    """Cells only at A1 and XFD1048576 and the dimension Excel saves for them (a few KB)."""
    return xlsx_with_sheet(
        sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            dimension="A1:XFD1048576",
        )
    )


def many_rows(n: int) -> bytes:
    return xlsx_with_sheet(
        sheet("".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, n + 1)))
    )


def refused(data: bytes) -> str:
    with pytest.raises(ApplicationError) as exc:
        excel.read_rows(data)
    return exc.value.message


def test_a_sparse_dimension_is_refused_before_reading():
    data = sparse_workbook()
    assert len(data) < 8192
    assert refused(data) == excel.ERR_SHEET_AREA.format(ref="A1:XFD1048576")


def test_a_far_cell_is_refused_without_a_dimension():
    data = xlsx_with_sheet(
        sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1048576"><v>1</v></c></row>')
    )
    assert refused(data) == excel.ERR_SHEET_ROWS.format(max=excel.MAX_ROWS)


def test_a_wide_row_is_refused():
    data = xlsx_with_sheet(sheet('<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>1</v></c></row>'))
    assert refused(data) == excel.ERR_SHEET_COLUMNS.format(max=excel.MAX_COLUMNS)


def test_cells_without_references_are_counted_too():
    cells = "<c><v>1</v></c>" * (excel.MAX_COLUMNS + 1)
    assert refused(xlsx_with_sheet(sheet(f"<row>{cells}</row>"))) == excel.ERR_SHEET_COLUMNS.format(
        max=excel.MAX_COLUMNS
    )
    rows = "<row><c><v>1</v></c></row>" * (excel.MAX_ROWS + 1)
    assert refused(xlsx_with_sheet(sheet(rows))) == excel.ERR_SHEET_ROWS.format(max=excel.MAX_ROWS)


def test_a_file_one_row_over_the_cap_is_refused_and_one_at_the_cap_is_read():
    assert refused(many_rows(excel.MAX_ROWS + 1)) == excel.ERR_SHEET_ROWS.format(max=excel.MAX_ROWS)
    rows = excel.read_rows(many_rows(excel.MAX_ROWS))
    assert len(rows) == excel.MAX_ROWS and rows[-1] == [float(excel.MAX_ROWS)]


def test_an_ordinary_workbook_with_references_and_a_dimension_still_reads():
    data = xlsx_with_sheet(
        sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
            '<row r="3"><c r="B3"><v>2</v></c></row>',
            dimension="A1:B3",
        )
    )
    assert excel.read_rows(data) == [["姓名", ""], ["", ""], ["", 2.0]]


def test_a_binary_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\0" * 10)
    assert refused(out.getvalue()) == excel.ERR_NOT_XLSX


def test_a_sheet_outside_the_scanned_places_is_refused():
    data = xlsx_with_sheet(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = re.sub(rb'Target="worksheets/sheet1.xml"', b'Target="elsewhere/sheet9.xml"', body)
            z.writestr(info.filename, body)
    assert refused(out.getvalue()) == excel.ERR_NOT_XLSX


@pytest.mark.parametrize("endpoint", ["/api/v1/imports/roster", "/api/v1/imports/meeting-ledger"])
def test_the_import_endpoints_refuse_the_sparse_file_with_a_message(world, login, endpoint):
    client = login(world.committee)
    upload = io.BytesIO(sparse_workbook())
    upload.name = "sparse.xlsx"
    response = client.post(endpoint, {"file": upload})
    assert response.status_code == 400
    assert response.json()["message"] == excel.ERR_SHEET_AREA.format(ref="A1:XFD1048576")
    assert not Job.objects.exists()


def test_the_import_page_refuses_the_sparse_file(world, login):
    client = login(world.committee)
    upload = io.BytesIO(sparse_workbook())
    upload.name = "sparse.xlsx"
    response = client.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 400
    assert excel.ERR_SHEET_AREA.format(ref="A1:XFD1048576") in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("endpoint", ["/api/v1/imports/roster", "/api/v1/imports/meeting-ledger"])
def test_an_oversized_upload_is_refused_by_its_size(world, login, endpoint):
    client = login(world.committee)
    upload = io.BytesIO(b"x" * (excel.MAX_UPLOAD_BYTES + 1))
    upload.name = "big.xlsx"
    response = client.post(endpoint, {"file": upload})
    assert response.status_code == 400
    assert response.json()["message"] == excel.ERR_TOO_BIG.format(mb=excel.MAX_UPLOAD_BYTES // (1024 * 1024))


@pytest.mark.parametrize("endpoint", ["/api/v1/imports/roster", "/api/v1/imports/meeting-ledger"])
def test_multipart_without_a_boundary_is_a_bad_request(world, login, endpoint):
    client = login(world.committee)
    response = client.generic("POST", endpoint, b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["message"] == "请求无效。"


@pytest.mark.parametrize(
    "rows_xml",
    [
        '<row r="1"><c\nr="A1048576"><v>1</v></c></row>',
        '<row\tr="1048576"><c><v>1</v></c></row>',
        '<x:row r="1"><x:c r="A1048576"><x:v>1</x:v></x:c></x:row>',
    ],
)
def test_references_written_in_unusual_ways_are_still_seen(rows_xml):
    assert refused(xlsx_with_sheet(sheet(rows_xml))) == excel.ERR_SHEET_ROWS.format(max=excel.MAX_ROWS)


# --- each upload is scanned once -------------------------------------------------------------------


@pytest.fixture
def scans(monkeypatch):
    """How many times the sheet scan ran (on a memory of passed uploads emptied for the test)."""
    monkeypatch.setattr(excel, "_PASSED", {})
    calls: list[int] = []
    scan = excel.check_sheets

    def counted(z, **kw):
        calls.append(1)
        scan(z, **kw)

    monkeypatch.setattr(excel, "check_sheets", counted)
    return calls


def test_the_same_bytes_are_scanned_once_and_a_bad_file_is_still_refused_after_a_good_one(scans):
    good = many_rows(3)
    assert excel.read_rows(good) == [[1.0], [2.0], [3.0]]
    assert excel.read_rows(good) == [[1.0], [2.0], [3.0]]
    assert len(scans) == 1
    assert refused(sparse_workbook()) == excel.ERR_SHEET_AREA.format(ref="A1:XFD1048576")
    assert refused(sparse_workbook()) == excel.ERR_SHEET_AREA.format(ref="A1:XFD1048576")
    assert len(scans) == 3  # a refused file is scanned (and refused) every time
    # other limits: scanned again, and refused under them
    with pytest.raises(ApplicationError) as exc:
        excel.check_upload(good, max_rows=2)
    assert exc.value.message == excel.ERR_SHEET_ROWS.format(max=2)


def test_the_memory_of_passed_uploads_is_bounded(scans):
    for n in range(1, excel._PASSED_MAX + 6):
        excel.check_upload(many_rows(n))
    assert len(excel._PASSED) == excel._PASSED_MAX
    excel.check_upload(many_rows(1))  # the oldest was forgotten: scanned again
    assert len(scans) == excel._PASSED_MAX + 6


def test_a_stored_upload_is_read_without_a_second_scan_but_refused_when_changed_on_disk(
    settings, tmp_path, scans
):
    from dangjian.core import imports

    settings.MEDIA_ROOT = tmp_path
    params = imports.upload_store(many_rows(3))
    excel._PASSED.clear()  # as in a separate job worker, which did not see the upload checked
    assert excel.read_rows(imports.upload_read(params)) == [[1.0], [2.0], [3.0]]
    assert len(scans) == 1  # by upload_store only
    path = imports.upload_dir() / params["upload"]
    path.write_bytes(sparse_workbook())
    excel._PASSED.clear()
    with pytest.raises(ApplicationError) as exc:
        imports.upload_read(params)
    assert exc.value.message == imports.ERR_UPLOAD_CHANGED
    assert not excel._PASSED  # nothing vouched for
    assert refused(path.read_bytes()) == excel.ERR_SHEET_AREA.format(ref="A1:XFD1048576")
