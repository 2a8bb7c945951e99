"""The pages: list, create, detail with steps, transitions, queues, progress, export, attachments."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangjian.core.models import AuditAction, AuditEvent
from dangjian.problems import services
from dangjian.problems.enums import ProblemStatus as S
from dangjian.problems.models import Problem, ProblemAttachment
from dangjian.problems.tests.factories import make_problem


def _recent(world, **kw):
    """A problem assigned today (so its deadline is in the future)."""
    return make_problem(world, found_on=timezone.localdate(), **kw)


def test_the_committee_assigns_a_problem_through_the_form(world, login):
    c = login(world.committee)
    r = c.post(
        "/problems/new/",
        {
            "unit": world.unit_b.pk,
            "source": "inspection",
            "description": "党费收缴不及时",
            "found_on": "2023-03-01",
        },
    )
    p = Problem.objects.get()
    assert r.status_code == 302 and r.url == f"/problems/{p.pk}/"
    assert p.organization == world.oc_b and p.deadline == dt.date(2023, 6, 1)
    r = c.post("/problems/new/", {"unit": world.unit_b.pk, "source": "inspection", "description": ""})
    assert "请填写问题描述" in r.content.decode() and Problem.objects.count() == 1


def test_a_secretary_may_not_assign_problems(world, login):
    assert login(world.secretary).get("/problems/new/").status_code == 403


def test_unit_submits_and_committee_verifies_on_the_detail_page(world, login):
    p = _recent(world)
    c = login(world.unit_staff)
    page = c.get(f"/problems/{p.pk}/").content.decode()
    assert "签收并开始整改" in page and "核验销号" not in page
    c.post(f"/problems/{p.pk}/transition/", {"transition": "start"})
    r = c.post(f"/problems/{p.pk}/transition/", {"transition": "submit", "note": ""}, follow=True)
    assert "整改完成情况" in r.content.decode()
    c.post(f"/problems/{p.pk}/transition/", {"transition": "submit", "note": "已整改到位"})
    p.refresh_from_db()
    assert p.status == S.SUBMITTED
    r = c.post(f"/problems/{p.pk}/transition/", {"transition": "verify"}, follow=True)
    assert "您无权执行“核验销号”" in r.content.decode()
    c = login(world.committee)
    c.post(f"/problems/{p.pk}/transition/", {"transition": "verify", "note": "核验属实"})
    p.refresh_from_db()
    assert p.status == S.CLOSED and p.closed_on == timezone.localdate()
    page = c.get(f"/problems/{p.pk}/").content.decode()
    assert "回头看：重新整改" in page and "核验属实" in page


def test_the_owner_edits_progress(world, login):
    p = _recent(world)
    c = login(world.unit_staff)
    r = c.post(
        f"/problems/{p.pk}/edit/", {"measures": "建立台账", "responsible": "王五", "progress": "进行中"}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.measures, p.responsible, p.progress) == ("建立台账", "王五", "进行中")


def test_queues_show_overdue_and_due_soon(world, login):
    overdue = make_problem(world, description="逾期问题甲", found_on=dt.date(2023, 1, 5))
    soon = _recent(world, description="临期问题乙", deadline=timezone.localdate() + dt.timedelta(days=3))
    later = _recent(world, description="远期问题丙")
    page = login(world.unit_staff).get("/problems/queues/").content.decode()
    assert "逾期问题甲" in page and "临期问题乙" in page and "远期问题丙" not in page
    page = login(world.committee).get("/problems/?queue=overdue").content.decode()
    assert "逾期问题甲" in page and "临期问题乙" not in page
    assert overdue and soon and later


def test_progress_page_counts_per_unit_and_draws_the_chart(world, login):
    a = _recent(world)
    _recent(world, unit=world.unit_b)
    c = login(world.committee)
    page = c.get("/problems/progress/").content.decode()
    assert 'id="chart-problem-units"' in page and "0.0%" in page
    for name, actor, note in [
        ("start", world.unit_staff, ""),
        ("submit", world.unit_staff, "好"),
        ("verify", world.committee, ""),
    ]:
        services.problem_transition(actor=actor, problem=a, name=name, note=note)
        a.refresh_from_db()
    page = c.get("/problems/progress/").content.decode()
    assert "100.0%" in page and "50.0%" in page
    page = login(world.unit_staff).get("/problems/progress/").content.decode()
    assert "省教育厅" not in page and "100.0%" in page


def test_list_query_count_does_not_grow_with_rows(world, login):
    c = login(world.committee)
    _recent(world)
    c.get("/problems/")  # warm: the first request of a session loads more
    with CaptureQueriesContext(connection) as one:
        c.get("/problems/")
    services.problems_create_bulk(
        actor=world.committee,
        rows=[{"source": "survey", "description": f"问题{i}", "unit": world.unit_b} for i in range(40)],
    )
    with CaptureQueriesContext(connection) as many:
        c.get("/problems/")
    assert len(many) == len(one)


def test_the_ledger_export_has_the_rectification_columns_and_is_scoped_and_audited(world, login):
    _recent(world, description="财政厅问题")
    _recent(world, unit=world.unit_b, description="教育厅问题")
    r = login(world.unit_staff).get("/problems/export.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:8] == (
        "序号",
        "责任单位",
        "上级单位",
        "责任党组织",
        "问题来源",
        "来源说明",
        "年度",
        "问题描述",
    )
    assert "整改时限" in rows[1] and "整改完成情况" in rows[1] and "是否逾期" in rows[1]
    assert [r[7] for r in rows[2:]] == ["财政厅问题"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="problems.problem").count() == 1


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_attachments_upload_download_and_refusals(world, login):
    p = _recent(world)
    c = login(world.unit_staff)
    r = c.post(f"/problems/{p.pk}/attachments/", {"file": SimpleUploadedFile("整改报告.pdf", PDF)})
    assert r.status_code == 302
    att = ProblemAttachment.objects.get()
    r = c.get(f"/problems/{p.pk}/attachments/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    r = c.post(
        f"/problems/{p.pk}/attachments/", {"file": SimpleUploadedFile("run.exe", b"MZ\x90\x00")}, follow=True
    )
    assert "附件类型不允许" in r.content.decode()
    r = c.post(
        f"/problems/{p.pk}/attachments/", {"file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")}, follow=True
    )
    assert "不符" in r.content.decode()
    assert ProblemAttachment.objects.count() == 1
    assert login(world.secretary).get(f"/problems/{p.pk}/attachments/{att.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["secretary", "branch_committee"])
def test_branch_roles_do_not_see_the_units_problem(world, login, role):
    p = _recent(world)
    c = login(getattr(world, role))
    assert c.get(f"/problems/{p.pk}/").status_code == 404
    assert p.description not in c.get("/problems/").content.decode()
