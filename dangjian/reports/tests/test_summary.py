"""年度综述: the page, the unit's draft, the template editor, the downloads, the command and the API."""

import io
import json
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command
from docx import Document

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import REGISTRY
from dangjian.core.models import AuditEvent
from dangjian.reports import services
from dangjian.reports.models import SummaryTemplate
from dangjian.tests.api import auth, is_chinese_error, send

TEMPLATE = """# {{scope}}{{year}}年工作综述
## 组织建设
### 夯实基础
年末共有党员{{members_year_end}}名,其中预备党员{{members_probationary_year_end}}名。
党支部{{orgs_branch}}个。
培训{{cadre_20th_congress_trainees}}人。
"""


@pytest.fixture
def template(world):
    return services.template_save(actor=world.committee, year=2023, text=TEMPLATE)


@pytest.fixture
def one_unregistered(monkeypatch):
    """A seed figure whose area has not registered it yet (simulated: taken out of the registry)."""
    monkeypatch.delitem(REGISTRY, "cadre_20th_congress_trainees", raising=False)


def test_the_summary_fills_every_figure_from_the_records_and_links_it(
    world, template, login, one_unregistered
):
    page = login(world.committee).get("/reports/summary/?year=2023").content.decode()
    assert "省直机关工委2023年工作综述" in page
    assert "年末共有党员<a" in page and 'data-metric="members_year_end"' in page
    assert ">5</a>名" in page  # 5 party members in the whole tree at the end of 2023
    assert "/reports/metrics/members_year_end/?year=2023" in page
    # A metric no area has registered yet is a visible gap, not an error.
    assert "〔未接入: cadre_20th_congress_trainees〕" in page


def test_a_units_staff_get_their_units_draft_and_nothing_outside(world, template, login):
    client = login(world.unit_staff)
    page = client.get("/reports/summary/?year=2023").content.decode()
    assert "省财政厅机关党委2023年党建工作总结（草稿）" in page
    assert ">4</a>名" in page  # a1 (2), a2, a3
    assert client.get(f"/reports/summary/?year=2023&org={world.oc_b.pk}").status_code == 404
    assert client.get(f"/reports/summary/docx/?year=2023&org={world.oc_b.pk}").status_code == 404


def test_compare_years_puts_last_years_value_and_the_change_beside_each_figure(world, template, login):
    page = login(world.committee).get("/reports/summary/?year=2023&compare=1").content.decode()
    assert 'data-compare="members_year_end"' in page
    assert 'id="summary-compare"' in page


def test_a_year_with_no_data_gives_zeros_and_a_note(world, login):
    text = (
        "# {{year}}年综述\n年末共有党员{{members_year_end}}名,预备党员{{members_probationary_year_end}}名。"
    )
    services.template_save(actor=world.committee, year=2001, text=text)
    response = login(world.committee).get("/reports/summary/?year=2001")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2001年在省直机关工委范围内没有任何记录" in page
    assert ">0</a>名" in page


def test_the_committee_saves_a_template_for_next_year_audited(world, login):
    client = login(world.committee)
    assert client.get("/reports/summary/template/?year=2024").status_code == 200
    response = client.post("/reports/summary/template/", {"year": 2024, "text": TEMPLATE})
    assert response.status_code == 302
    row = SummaryTemplate.objects.get(year=2024)
    assert "{{members_year_end}}" in row.text and row.updated_by == world.committee
    assert AuditEvent.objects.filter(object_type="reports.summarytemplate", action="create").exists()


@pytest.mark.parametrize(
    "text,message",
    [
        ("# 标题\n正文{{no_such_metric}}。", "第2行：指标“no_such_metric”不存在"),
        ("# 标题\n\n正文{{members_year_end", "第3行：占位符格式不正确"),
        ("# 标题\n{{members_year_end|upper}}", "第2行：{{members_year_end|upper}} 的显示规则不存在"),
        ("# 标题\n{{ members_year_end.__class__ }}", "第2行：占位符格式不正确"),
        ("# 标题\n{{ request.user.password }}", "第2行：占位符格式不正确"),
        ("# 标题\n{% load static %}{% debug %}", "第2行：占位符格式不正确"),
        ("# 标题\n{{ ''.__class__.__mro__[1].__subclasses__() }}", "第2行：占位符格式不正确"),
        ("# 标题\n# 第二个标题", "第2行：模板只能有一个标题"),
    ],
)
def test_bad_or_malicious_templates_are_refused_naming_the_line(world, login, text, message):
    client = login(world.committee)
    response = client.post("/reports/summary/template/", {"year": 2024, "text": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SummaryTemplate.objects.filter(year=2024).exists()
    with pytest.raises(ApplicationError, match=message.split("：")[0]):
        services.template_save(actor=world.committee, year=2024, text=text)


def test_only_the_committee_edits_templates(world, login):
    client = login(world.unit_staff)
    assert client.get("/reports/summary/template/?year=2024").status_code == 403
    assert client.post("/reports/summary/template/", {"year": 2024, "text": TEMPLATE}).status_code == 403
    with pytest.raises(Forbidden):
        services.template_save(actor=world.unit_staff, year=2024, text=TEMPLATE)
    assert not SummaryTemplate.objects.exists()


def test_the_preview_shows_live_figures_or_the_error_line(world, login):
    client = login(world.committee)
    page = client.post(
        "/reports/summary/template/preview/", {"year": 2023, "text": TEMPLATE}
    ).content.decode()
    assert ">5</a>名" in page
    page = client.post(
        "/reports/summary/template/preview/", {"year": 2023, "text": "# t\n{{x.y}}"}
    ).content.decode()
    assert "第2行" in page and 'id="preview-error"' in page
    assert not SummaryTemplate.objects.exists()


def test_the_docx_is_an_official_document_with_the_figures(world, template, login):
    response = login(world.committee).get("/reports/summary/docx/?year=2023")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "省直机关工委2023年工作综述" in text and "年末共有党员5名" in text
    assert "一、组织建设  夯实基础" in text
    section = doc.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) if m is not None else None for m in margins] == [37, 35, 28, 26]
    title_run = doc.paragraphs[0].runs[0]
    assert title_run.font.size is not None and title_run.font.size.pt == 22
    assert title_run.font.name == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("年末")).runs[0]
    assert body.font.size is not None and body.font.size.pt == 16 and body.font.name == "仿宋_GB2312"
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml
    assert AuditEvent.objects.filter(object_type="reports.summary", action="export").exists()


def test_the_pdf_embeds_a_chinese_font_and_reads_back_with_the_figures(world, template, login, tmp_path):
    if shutil.which("pdftotext") is None:  # in CI (which installs poppler-utils) a missing tool fails
        if os.environ.get("CI"):
            pytest.fail(
                "pdftotext (poppler-utils) is not installed but CI is set: the PDF must be read back."
            )
        pytest.skip("pdftotext (poppler-utils) is not installed")
    response = login(world.committee).get("/reports/summary/pdf/?year=2023")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "s.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "年末共有党员5名" in text.replace("\n", "")
    assert "—1—" in text.replace(" ", "")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert " yes yes " in fonts  # embedded, subset


def test_the_command_writes_every_format(world, template, tmp_path, capsys, one_unregistered):
    call_command("report", "annual", "--year", "2023", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["members_year_end"] == 5
    assert "cadre_20th_congress_trainees" in out["_meta"]["not_registered"]
    call_command("report", "annual", "--year", "2023", "--format", "html", "--scope", str(world.oc_a.pk))
    html = capsys.readouterr().out
    assert "省财政厅机关党委2023年党建工作总结（草稿）" in html and ">4</a>名" in html
    target = tmp_path / "s.docx"
    call_command("report", "annual", "--year", "2023", "--format", "docx", "--output", str(target))
    assert "年末共有党员5名" in "\n".join(p.text for p in Document(str(target)).paragraphs)


def test_the_api_gives_the_summary_and_the_records_in_scope(world, template, client):
    headers = auth(world.unit_staff)
    body = client.get("/api/v1/reports/summary?year=2023", headers=headers).json()
    assert body["title"] == "省财政厅机关党委2023年党建工作总结（草稿）"
    fig = next(f for f in body["figures"] if f["id"] == "members_year_end")
    assert fig["value"] == 4 and fig["text"] == "4"
    records = client.get("/api/v1/reports/metrics/members_year_end/records?year=2023", headers=headers).json()
    assert records["count"] == 4 == len(records["items"])
    # A rate's records are organisations judged, listed on demand: the unit's branches and group only.
    judged = client.get(
        "/api/v1/reports/metrics/cadence_compliance_themed_day/records?year=2023", headers=headers
    ).json()
    assert judged["count"] == len(judged["items"]) == 3 and judged["columns"][0] == "党组织"
    assert not any("教育厅" in str(item) for item in judged["items"])
    annual = client.get("/api/v1/reports/annual?year=2023", headers=headers).json()
    assert {"items", "count"} <= set(annual)
    docx = client.get("/api/v1/reports/summary?year=2023&format=docx", headers=headers)
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")
    is_chinese_error(
        client.get(f"/api/v1/reports/summary?year=2023&org={world.oc_b.pk}", headers=headers), 404
    )


def test_the_api_saves_a_template_for_the_committee_only(world, client):
    url = "/api/v1/reports/summary-templates/2024"
    is_chinese_error(send(client, "put", url, {"text": TEMPLATE}, auth(world.unit_staff)), 403)
    body = is_chinese_error(send(client, "put", url, {"text": "# t\n{{nope}}"}, auth(world.committee)), 400)
    assert "第2行" in body["message"]
    response = send(client, "put", url, {"text": TEMPLATE}, auth(world.committee))
    assert response.status_code == 200
    assert client.get(url, headers=auth(world.unit_staff)).json()["text"].startswith("# {{scope}}")


def test_cn_number_handles_any_count():
    from dangjian.core.numerals import cn_number

    assert [cn_number(n) for n in (1, 10, 15, 99, 100, 105, 110, 1000, 1010, 10000, 120031)] == [
        "一", "十", "十五", "九十九", "一百", "一百零五", "一百一十", "一千", "一千零一十", "一万", "十二万零三十一",
    ]  # fmt: skip
    assert len({cn_number(n) for n in range(1, 5000)}) == 4999
