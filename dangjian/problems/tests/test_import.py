"""Import of problem lists: template, dry run with row errors, all-or-nothing commit, scope."""

from __future__ import annotations

import io

import xlsxwriter
from django.urls import reverse

from dangjian.core.models import Job, JobStatus
from dangjian.problems import imports
from dangjian.problems.models import Problem, ProblemEvent

HEAD = [
    "责任单位",
    "责任党组织",
    "问题来源",
    "来源说明",
    "年度",
    "问题描述",
    "整改措施",
    "责任人",
    "交办日期",
    "整改时限",
]


def _xlsx(rows) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet(imports.SHEET)
    for r, row in enumerate([HEAD, *rows]):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.close()
    return out.getvalue()


def _upload(client, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("problems:import"), {"file": SimpleUploadedFile("问题清单.xlsx", data)})


GOOD = ["省财政厅", "", "考核", "2022年度考核", "2022", "党建责任制落实不到位", "", "张三", "2023-02-15", ""]


def test_the_template_downloads_with_the_columns(world, login):
    r = login(world.committee).get(reverse("problems:import_template"))
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_a_file_with_a_bad_row_is_refused_whole_naming_row_and_column(world, login):
    c = login(world.committee)
    bad = [*GOOD[:2], "不存在的来源", *GOOD[3:]]
    other = ["不存在的单位", *GOOD[1:]]
    date = [*GOOD[:8], "2023-13-45", ""]
    _upload(c, _xlsx([GOOD, bad, other, date]))
    job = Job.objects.get(kind=imports.VALIDATE_KIND)
    r = job.result
    assert r["rows"] == 4 and r["error_rows"] == 3 and r["create"] == 1
    reasons = {(e["row"], e["column"]) for e in r["errors"]}
    assert {(3, "问题来源"), (4, "责任单位"), (5, "交办日期")} <= reasons
    assert c.post(reverse("problems:import_commit", args=[job.pk])).status_code == 302
    assert not Problem.objects.exists()


def test_a_clean_file_commits_every_row_in_one_go(world, login):
    c = login(world.committee)
    rows = [
        GOOD,
        [
            "省教育厅",
            "省教育厅第一党支部",
            "督查",
            "",
            "",
            "支部学习不经常",
            "",
            "",
            "2023-03-01",
            "2023-04-01",
        ],
    ]
    _upload(c, _xlsx(rows))
    job = Job.objects.get(kind=imports.VALIDATE_KIND)
    assert job.result["error_count"] == 0 and job.result["create"] == 2
    c.post(reverse("problems:import_commit", args=[job.pk]))
    commit = Job.objects.get(kind=imports.COMMIT_KIND)
    assert commit.status == JobStatus.DONE, commit.message
    assert Problem.objects.count() == 2 and ProblemEvent.objects.count() == 2
    p = Problem.objects.get(unit=world.unit_b)
    assert p.organization == world.b1 and p.deadline.isoformat() == "2023-04-03"  # 1 Apr 2023: Saturday
    c.post(reverse("problems:import_commit", args=[job.pk]))
    assert Problem.objects.count() == 2  # not twice


def test_unit_staff_cannot_import_problems_for_another_unit(world, login):
    c = login(world.unit_staff)
    _upload(c, _xlsx([["省教育厅", *GOOD[1:]]]))
    job = Job.objects.get(kind=imports.VALIDATE_KIND)
    assert job.result["error_count"] == 1 and "不在您的管理范围内" in job.result["errors"][0]["reason"]


def test_a_secretary_may_not_open_the_import(world, login):
    assert login(world.secretary).get(reverse("problems:import")).status_code == 403
