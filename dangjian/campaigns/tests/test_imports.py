"""Outcome ledger imports: a dry run that writes nothing, row errors naming the row and column
(a deed done before its campaign started among them), and an all-or-nothing commit."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangjian.campaigns import errors, imports
from dangjian.campaigns.models import Deed, Difficulty
from dangjian.campaigns.tests.conftest import START
from dangjian.core import excel
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.core.views.imports import XLSX


def workbook(ledger: imports.Ledger, rows: list[dict]) -> bytes:
    headers = [c.header for c in ledger.columns]
    spec = excel.SheetSpec(
        ledger.sheet, [excel.Column(h) for h in headers], rows=[[r.get(h, "") for h in headers] for r in rows]
    )
    data = excel.write_workbook([spec])
    assert data is not None
    return data


def deed(world, campaign, **over) -> dict:
    row = {
        "主题活动": campaign.name,
        "党组织": world.a1.name,
        "实事内容": "维修楼道照明",
        "服务对象": "社区居民",
        "办理状态": "已办结",
        "办结日期": "2023-05-20",
    }
    row.update(over)
    return row


def _upload(client, name: str, data: bytes):
    upload = SimpleUploadedFile("台账.xlsx", data, content_type=XLSX)
    return client.post(reverse(f"campaigns:{name}_import"), {"file": upload})


def test_a_clean_deed_ledger_is_validated_without_writing_then_committed(world, campaign, login):
    client = login(world.secretary)
    data = workbook(
        imports.DEEDS,
        [deed(world, campaign), deed(world, campaign, 实事内容="送温暖", 办理状态="计划中", 办结日期="")],
    )
    assert _upload(client, "deed", data).status_code == 302
    job = Job.objects.get(kind=imports.DEEDS.validate_kind)
    assert (job.result["error_count"], job.result["create"]) == (0, 2)
    assert not Deed.objects.exists()
    assert "确认导入" in client.get(job.result["next_url"]).content.decode()
    assert client.post(reverse("campaigns:deed_import_commit", args=[job.pk])).status_code == 302
    assert set(Deed.objects.values_list("title", "status")) == {
        ("送温暖", "planned"),
        ("维修楼道照明", "done"),
    }
    assert AuditEvent.objects.filter(object_type="campaigns.deed", action=AuditAction.IMPORT).count() == 1
    page = client.get(reverse("campaigns:deed_import_result", args=[job.pk])).content.decode()
    assert "已导入" in page


def test_one_bad_row_refuses_the_whole_file_and_names_row_and_column(world, campaign, login):
    client = login(world.secretary)
    rows = [
        deed(world, campaign),
        deed(world, campaign, 办结日期="2023-02-01"),  # before the campaign started
        deed(world, campaign, 党组织=world.b1.name),  # not the secretary's
        deed(world, campaign, 办理状态="完成了"),
        deed(world, campaign, 实事内容=""),
    ]
    _upload(client, "deed", workbook(imports.DEEDS, rows))
    job = Job.objects.get(kind=imports.DEEDS.validate_kind)
    found = {(e["row"], e["column"], e["reason"]) for e in job.result["errors"]}
    assert (3, "办结日期", errors.ERR_DEED_BEFORE_CAMPAIGN.format(day="2023-02-01", start=START)) in found
    assert (4, "党组织", errors.ERR_IMPORT_ORG_UNKNOWN.format(name=world.b1.name)) in found
    assert any(r == 5 and c == "办理状态" for r, c, _ in found)
    assert (6, "实事内容", errors.ERR_IMPORT_REQUIRED.format(column="实事内容")) in found
    r = client.post(reverse("campaigns:deed_import_commit", args=[job.pk]))
    assert r.status_code == 302
    assert not Deed.objects.exists()  # nothing of the good first row either


def test_a_commit_that_fails_midway_writes_nothing(world, campaign, monkeypatch):
    data = workbook(
        imports.DIFFICULTIES,
        [
            {"主题活动": campaign.name, "党组织": world.a1.name, "难题内容": "停车难", "解决状态": "待解决"},
            {
                "主题活动": campaign.name,
                "党组织": world.a1.name,
                "难题内容": "路灯不亮",
                "解决状态": "已解决",
                "解决日期": "2023-06-01",
            },
        ],
    )
    real = imports.DIFFICULTIES.create
    calls = []

    def second_fails(**kw):
        calls.append(kw)
        if len(calls) == 2:
            from dangjian.core.errors import ApplicationError

            raise ApplicationError("模拟失败。")
        return real(**kw)

    monkeypatch.setattr(
        imports, "DIFFICULTIES", imports.Ledger(**{**imports.DIFFICULTIES.__dict__, "create": second_fails})
    )
    import pytest

    from dangjian.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as e:
        imports.commit(imports.DIFFICULTIES, actor=world.secretary, data=data)
    assert "第3行" in e.value.message
    assert not Difficulty.objects.exists()


def test_the_templates_carry_the_ledger_columns(world, login):
    client = login(world.secretary)
    for name, ledger in (("deed", imports.DEEDS), ("difficulty", imports.DIFFICULTIES)):
        r = client.get(reverse(f"campaigns:{name}_import_template"))
        assert r.status_code == 200
        rows = excel.read_rows(r.content, sheet=ledger.sheet)
        assert [str(c).rstrip("*") for c in rows[0]] == [c.header for c in ledger.columns]


def test_a_member_may_not_import(world, login):
    assert login(world.member).get(reverse("campaigns:deed_import")).status_code == 403


def test_volunteer_projects_import_with_their_beneficiaries(world, campaign, login):
    from dangjian.activities.models import Activity

    client = login(world.secretary)
    good = {
        "主题活动": campaign.name,
        "组织单位": world.a1.name,
        "项目名称": "助老志愿服务",
        "开始日期": "2023-05-20",
        "惠及人次": "120",
    }
    bad = [
        {**good, "惠及人次": "-3"},
        {**good, "惠及人次": "很多"},
        {**good, "开始日期": "2023-01-05"},  # before the campaign
    ]
    _upload(client, "project", workbook(imports.PROJECTS, [good, *bad]))
    job = Job.objects.get(kind=imports.PROJECTS.validate_kind)
    found = {(e["row"], e["column"], e["reason"]) for e in job.result["errors"]}
    assert (3, "惠及人次", errors.ERR_BENEFICIARIES) in found
    assert (4, "惠及人次", errors.ERR_IMPORT_NUMBER.format(column="惠及人次")) in found
    assert any(r == 5 and c == "开始日期" for r, c, _ in found)
    assert not Activity.objects.exists()
    _upload(
        client, "project", workbook(imports.PROJECTS, [good, {**good, "项目名称": "义诊", "惠及人次": 30}])
    )
    job = Job.objects.filter(kind=imports.PROJECTS.validate_kind).latest("id")
    assert job.result["error_count"] == 0
    assert client.post(reverse("campaigns:project_import_commit", args=[job.pk])).status_code == 302
    assert sorted(Activity.objects.values_list("title", "kind", "beneficiaries")) == [
        ("义诊", "volunteer", 30),
        ("助老志愿服务", "volunteer", 120),
    ]
