"""核对单位总结: figures found in a unit's own text, matched to metrics by their sentence, computed
for the unit and flagged when they differ from the records."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from dangjian.reports import check


def test_figures_are_found_with_their_written_form_and_years_are_skipped():
    found = check.find_figures(
        "2023年,发放学习材料6.4万册,观看专题片2.5万余人次,150余人参加,今年9月召开,年末共有党员5名。"
    )
    assert [(f.text, f.number, f.rule) for f in found] == [
        ("6.4万", 64000, "万"),
        ("2.5万余", 25000, "万余"),
        ("150余", 150, "余"),
        ("5", 5, ""),
    ]


def test_candidates_come_with_the_reason_of_the_match():
    found = check.find_figures("建立省直机关青年理论学习小组1013个,覆盖青年19264人,开展活动2191次。")
    best = [f.candidates[0].metric_id for f in found]
    assert best == ["youth_study_groups", "youth_study_group_members", "youth_study_group_activities"]
    assert "覆盖" in found[1].candidates[0].reason


def _post(client, text, **choices):
    data = {"year": 2023, "text": text, "step": "check", **choices}
    return client.post("/reports/summary/check/", data).content.decode()


def test_a_units_figures_are_checked_against_its_own_records(world, login):
    client = login(world.unit_staff)
    page = client.post(
        "/reports/summary/check/", {"year": 2023, "text": "年末共有党员5名。"}
    ).content.decode()
    assert 'name="metric_0"' in page and 'value="members_year_end"' in page
    page = _post(client, "年末共有党员5名。", metric_0="members_year_end")
    assert "1 个不一致" in page and 'data-ok="0"' in page
    assert f"/reports/metrics/members_year_end/?year=2023&amp;org={world.oc_a.pk}" in page or (
        "/reports/metrics/members_year_end/?year=2023" in page
    )
    page = _post(client, "年末共有党员4名。", metric_0="members_year_end")
    assert "全部一致" in page and 'data-ok="1"' in page
    assert client.get(f"/reports/summary/check/?org={world.oc_b.pk}").status_code == 404


def test_a_docx_is_read_and_bad_input_is_refused(world, login):
    client = login(world.unit_staff)
    doc = Document()
    doc.add_paragraph("年末共有党员4名。")
    buf = io.BytesIO()
    doc.save(buf)
    upload = SimpleUploadedFile("总结.docx", buf.getvalue())
    page = client.post("/reports/summary/check/", {"year": 2023, "file": upload}).content.decode()
    assert 'name="metric_0"' in page
    page = client.post(
        "/reports/summary/check/", {"year": 2023, "file": SimpleUploadedFile("x.docx", b"not a zip")}
    ).content.decode()
    assert "不是有效的 Word" in page
    page = client.post("/reports/summary/check/", {"year": 2023, "text": "  "}).content.decode()
    assert "请粘贴总结全文" in page
