"""Roster import: template, dry run, row errors, error workbook, all-or-nothing commit, scoping."""

from __future__ import annotations

import datetime as dt
import io
import os

import openpyxl
import pytest
import xlsxwriter
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.accounts.models import User
from dangjian.core import crypto, excel, idnumber
from dangjian.core import imports as core_imports
from dangjian.core.errors import ApplicationError, NotFound
from dangjian.core.models import AuditAction, AuditEvent, Job, JobStatus
from dangjian.organizations import scoping
from dangjian.people import errors as people_errors
from dangjian.people import imports
from dangjian.people.imports import plan
from dangjian.people.models import Membership, MembershipPeriod, Person

HEADERS = [
    "姓名",
    "公民身份号码",
    "民族",
    "籍贯",
    "学历",
    "学位",
    "人员类别",
    "工作单位",
    "职务",
    "所在党组织",
    "党员状态",
    "申请入党日期",
    "入党日期",
    "转正日期",
    "是否流动党员",
    "是否失联",
    "联系电话",
]


def new_id(i: int, birth=dt.date(1988, 1, 1), gender="M") -> str:
    return idnumber.synthetic(birth + dt.timedelta(days=i // 500), gender, i % 500, area="110105")


def row(i: int = 0, **over) -> dict:
    base = {
        "姓名": f"新人{i}",
        "公民身份号码": new_id(i),
        "民族": "汉族",
        "籍贯": "河北",
        "学历": "大学本科",
        "学位": "学士",
        "人员类别": "党政机关工作人员",
        "工作单位": "省财政厅",
        "职务": "科员",
        "所在党组织": "省财政厅第一党支部",
        "党员状态": "正式党员",
        "申请入党日期": "2008-03-01",
        "入党日期": "2010-07-01",
        "转正日期": "2011-07-01",
        "是否流动党员": "否",
        "是否失联": "否",
        "联系电话": "13900001111",
    }
    base.update(over)
    return base


def workbook(rows: list[dict], headers: list[str] | None = None) -> bytes:
    """An .xlsx built directly with xlsxwriter: strings stay strings, numbers stay numbers."""
    headers = headers or HEADERS
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("党员名册")
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for c, h in enumerate(headers):
        ws.write_string(0, c, h)
    for r, values in enumerate(rows, start=1):
        for c, h in enumerate(headers):
            v = values.get(h)
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_format)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    wb.close()
    return out.getvalue()


def counts() -> tuple:
    return (
        Person.objects.count(),
        Membership.objects.count(),
        MembershipPeriod.objects.count(),
        AuditEvent.objects.count(),
    )


def validate(actor, rows, headers=None) -> Job:
    job = imports.roster_import_submit(actor=actor, data=workbook(rows, headers), filename="名册.xlsx")
    assert job.status == JobStatus.DONE, job.message
    return job


def only_error(job) -> dict:
    assert job.result["error_count"] == 1, job.result["errors"]
    return job.result["errors"][0]


# --- template -----------------------------------------------------------------------------------------


def test_template_has_the_roster_columns_text_id_column_and_instructions(world, login):
    client = login(world.secretary)
    response = client.get(reverse("people:import_template"))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["党员名册", "说明"]
    ws = wb["党员名册"]
    header = [c.value for c in ws[1]]
    assert header == HEADERS[:9] + [
        "所在党组织",
        "党员状态",
        "申请入党日期",
        "确定积极分子日期",
        "确定发展对象日期",
        "入党日期",
        "转正日期",
        "是否流动党员",
        "是否失联",
        "联系电话",
    ]
    assert ws.max_row == 1  # no example in the data sheet
    id_col = openpyxl.utils.get_column_letter(header.index("公民身份号码") + 1)
    assert ws.column_dimensions[id_col].number_format == "@"
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("汉族" in f and "蒙古族" in f for f in lists)
    assert any("正式党员" in f and "入党申请人" in f for f in lists)
    help_rows = [[c.value for c in r] for r in wb["说明"].iter_rows()]
    assert any(r[0] == "公民身份号码*" and r[3] and idnumber.normalize(r[3]) for r in help_rows)


def test_the_empty_template_uploads_as_having_no_rows(world):
    job = imports.roster_import_submit(
        actor=world.committee, data=imports.template_workbook(), filename="t.xlsx"
    )
    assert job.result["errors"] == [{"row": None, "column": "文件", "reason": excel.ERR_NO_ROWS}]


# --- dry run and commit -----------------------------------------------------------------------------------


def test_a_clean_file_is_validated_without_writing_then_committed(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.committee)
    before = counts()
    upload = io.BytesIO(
        workbook(
            [
                row(1),
                row(2, 党员状态="预备党员", 转正日期=""),
                row(3, 是否流动党员="是", 转正日期=dt.date(2011, 7, 1)),
            ]
        )
    )  # a real Excel date
    upload.name = "我的名册.xlsx"
    response = client.post(reverse("people:import"), {"file": upload})
    job = Job.objects.get(kind=imports.VALIDATE_KIND)
    assert response.status_code == 302 and response.url == reverse("core:job", args=[job.pk])
    assert counts() == before  # the dry run writes nothing
    assert (job.result["rows"], job.result["create"], job.result["update"], job.result["error_count"]) == (
        3,
        3,
        0,
        0,
    )
    page = client.get(job.result["next_url"])
    assert "确认导入" in page.content.decode()
    stored = os.listdir(core_imports.upload_dir())
    assert stored == [job.params["upload"]] and "我的名册" not in stored[0]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_commit", args=[job.pk]))
    commit = Job.objects.get(kind=imports.COMMIT_KIND)
    assert response.status_code == 302 and commit.status == JobStatus.DONE, commit.message
    assert commit.result["created"] == 3
    status = client.get(reverse("core:job", args=[commit.pk])).content.decode()
    assert "已完成</strong>（3 / 3）" in status and "可以离开本页" not in status
    p3 = Person.objects.get(id_bidx=crypto.blind_index(new_id(3)))
    assert (
        p3.organization == world.a1
        and p3.unit == world.unit_a
        and p3.is_mobile
        and p3.name_pinyin.startswith("xin ren")
    )
    assert p3.id_masked == idnumber.mask(new_id(3)) and new_id(3) not in p3.id_enc
    assert p3.birth_date == idnumber.birth_date(new_id(3)) and p3.phone_masked == "139****1111"
    assert p3.membership.status == "full" and p3.membership.full_on == dt.date(2011, 7, 1)
    period = MembershipPeriod.objects.get(person=p3)
    assert (period.organization, period.status, period.valid_from, period.valid_to) == (
        world.a1,
        "full",
        dt.date(2011, 7, 1),
        None,
    )
    p2 = Person.objects.get(id_bidx=crypto.blind_index(new_id(2)))
    assert MembershipPeriod.objects.get(person=p2).valid_from == dt.date(2010, 7, 1)
    summary = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert summary.changes["created"] == [None, 3] and summary.actor == world.committee
    created = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.person", object_id=str(p3.pk)
    ).get()
    assert created.changes["id_number"] == [None, "***"] and created.changes["phone"] == [None, "***"]
    assert created.org_path == world.a1.path
    assert counts()[0] == before[0] + 3
    job.refresh_from_db()
    assert job.result["committed"] and not os.listdir(core_imports.upload_dir())
    page = client.get(reverse("people:import_result", args=[job.pk])).content.decode()
    assert "已导入" in page and 'id="import-accounts"' in page
    response = client.post(reverse("people:import_accounts", args=[job.pk]))
    accounts = Job.objects.get(kind="accounts.bulk_create")
    assert response.status_code == 302 and accounts.status == JobStatus.DONE, accounts.message
    members = [
        p
        for p in Person.objects.filter(id_bidx__in=[crypto.blind_index(new_id(i)) for i in (1, 2, 3)])
        if p.membership.status in ("full", "probationary")
    ]
    assert members and sorted(
        User.objects.filter(person__isnull=False)
        .exclude(pk=world.member.pk)
        .values_list("person_id", flat=True)
    ) == sorted(p.pk for p in members)


def test_a_known_id_number_in_scope_updates_that_person(world):
    person = world.people["member_a1"]
    number = idnumber.synthetic(dt.date(1985, 5, 5), "M", 1)
    job = validate(
        world.unit_staff,
        [row(0, 公民身份号码=number, 姓名="张三", 职务="处长", 所在党组织="省财政厅第二党支部", 联系电话="")],
    )
    assert (job.result["create"], job.result["update"]) == (0, 1)
    imports.roster_commit_submit(actor=world.unit_staff, validate_job=job)
    person.refresh_from_db()
    assert person.position == "处长" and person.organization == world.a2
    assert person.phone_masked == "138****1234"  # an empty cell keeps the stored value on update
    periods = list(MembershipPeriod.objects.filter(person=person).order_by("id"))
    assert periods[0].organization == world.a1 and periods[0].valid_to == dt.date.today()
    assert periods[-1].organization == world.a2 and periods[-1].valid_to is None
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="people.person", object_id=str(person.pk)
    )
    assert event.changes["position"] == ["", "处长"] and "phone" not in event.changes


# --- bad input: a clear message naming row and column, nothing written -----------------------------------


def _x_id() -> str:
    for seq in range(500):
        number = idnumber.synthetic(dt.date(1981, 4, 4), "M", seq)
        if number.endswith("X"):
            return number
    raise AssertionError


def test_a_lowercase_x_is_accepted(world):
    number = _x_id()
    job = validate(world.committee, [row(1, 公民身份号码=number.lower())])
    assert job.result["error_count"] == 0 and job.result["create"] == 1


def test_a_15_digit_number_is_converted(world):
    number = new_id(7)
    legacy = number[:6] + number[8:17]
    job = validate(world.committee, [row(1, 公民身份号码=legacy)])
    assert job.result["error_count"] == 0
    imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert Person.objects.filter(id_bidx=crypto.blind_index(number)).exists()


def _impossible_date_id() -> str:
    body = "110105" + "19900230" + "123"
    return body + idnumber.check_char(body)


@pytest.mark.parametrize(
    ("cell", "column", "reason"),
    [
        (
            {"公民身份号码": new_id(1)[:17] + ("0" if new_id(1)[17] != "0" else "1")},
            "公民身份号码",
            idnumber.ERR_CHECK,
        ),
        ({"公民身份号码": _impossible_date_id()}, "公民身份号码", idnumber.ERR_DATE.format(date="19900230")),
        ({"公民身份号码": 110105198801010011.0}, "公民身份号码", idnumber.ERR_NUMERIC),
        ({"公民身份号码": ""}, "公民身份号码", idnumber.ERR_EMPTY),
        ({"所在党组织": "不存在的支部"}, "所在党组织", imports.ERR_ORG_UNKNOWN.format(name="不存在的支部")),
        ({"工作单位": "不存在的单位"}, "工作单位", imports.ERR_UNIT_UNKNOWN.format(name="不存在的单位")),
        ({"学历": "博士后"}, "学历", None),
        ({"党员状态": "群众"}, "党员状态", None),
        ({"是否失联": "可能"}, "是否失联", imports.ERR_YES_NO.format(value="可能")),
        ({"入党日期": "2010-13-01"}, "入党日期", "日期格式不正确：“2010-13-01”，应为 2023-01-05"),
        (
            {"转正日期": ""},
            "转正日期",
            people_errors.ERR_STATUS_DATE.format(status="正式党员", field="转正日期"),
        ),
        (
            {"转正日期": "2009-01-01"},
            "转正日期",
            people_errors.ERR_DATE_ORDER.format(later="转正日期", earlier="入党日期"),
        ),
        ({"联系电话": "12345"}, "联系电话", people_errors.ERR_PHONE),
        ({"姓名": ""}, "姓名", people_errors.ERR_NAME_REQUIRED),
    ],
)
def test_a_bad_cell_is_reported_with_row_and_column_and_nothing_is_written(world, cell, column, reason):
    before = counts()
    job = validate(world.committee, [row(1), row(2, **cell)])
    error = only_error(job)
    assert (error["row"], error["column"]) == (3, column)
    if reason:
        assert error["reason"] == reason
    assert job.result["create"] == 1 and job.result["error_rows"] == 1
    with pytest.raises(ApplicationError):
        imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert counts() == before


def test_gender_and_birth_date_columns_must_agree_with_the_id_number(world):
    headers = HEADERS + ["性别", "出生日期"]
    job = validate(
        world.committee,
        [row(1, 性别="男", 出生日期="1988-01-01"), row(2, 性别="女", 出生日期="1990-01-01")],
        headers,
    )
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "性别"), (3, "出生日期")]
    assert job.result["errors"][0]["reason"] == people_errors.ERR_GENDER_MISMATCH.format(expected="男")


def test_a_duplicate_id_in_the_file_names_both_rows(world):
    job = validate(world.committee, [row(1), row(2), row(3, 公民身份号码=new_id(1))])
    assert [(e["row"], e["reason"]) for e in job.result["errors"]] == [
        (2, imports.ERR_ID_DUP_IN_FILE.format(other=4)),
        (4, imports.ERR_ID_DUP_IN_FILE.format(other=2)),
    ]


def test_an_id_of_a_person_outside_scope_is_refused_without_saying_who(world):
    b1_number = idnumber.synthetic(dt.date(1985, 5, 5), "M", 5)
    job = validate(world.secretary, [row(1, 公民身份号码=b1_number)])
    error = only_error(job)
    assert (error["row"], error["column"], error["reason"]) == (
        2,
        "公民身份号码",
        imports.ERR_ID_OUT_OF_SCOPE,
    )
    assert "孙七" not in str(job.result) and "教育厅" not in str(job.result)
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=world.secretary).exists()


def test_the_secretary_of_a1_cannot_import_into_b1(world):
    before = counts()
    job = validate(world.secretary, [row(1), row(2, 所在党组织="省教育厅第一党支部")])
    error = only_error(job)
    assert (error["row"], error["column"]) == (3, "所在党组织")
    assert error["reason"] == imports.ERR_ORG_UNKNOWN.format(name="省教育厅第一党支部")
    assert counts() == before


def test_an_ambiguous_organisation_name_asks_for_the_full_name(world):
    from dangjian.tests.personas import _org

    _org("第一党支部", "branch", world.unit_a, world.oc_a)
    _org("第一党支部", "branch", world.unit_a, world.ga)
    job = validate(
        world.committee, [row(1, 所在党组织="第一党支部"), row(2, 所在党组织="省财政厅机关党总支/第一党支部")]
    )
    error = only_error(job)
    assert error["row"] == 2 and "请填写全称" in error["reason"] and job.result["create"] == 1


def test_a_missing_required_column_is_one_file_level_error(world):
    headers = [h for h in HEADERS if h != "所在党组织"]
    job = validate(world.committee, [row(1)], headers)
    assert job.result["errors"] == [
        {
            "row": None,
            "column": "所在党组织",
            "reason": imports.ERR_MISSING_COLUMN.format(column="所在党组织"),
        }
    ]
    assert job.result["file_error"] and not job.result_file


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", excel.ERR_EMPTY_FILE),
        ("姓名,公民身份号码\n张三,1\n".encode(), excel.ERR_NOT_XLSX),
        (os.urandom(10 * 1024 * 1024), excel.ERR_NOT_XLSX),
        (b"PK\x03\x04" + os.urandom(1024), excel.ERR_NOT_XLSX),
    ],
)
def test_bad_uploads_are_refused_before_any_job(world, login, data, message):
    client = login(world.committee)
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        imports.roster_import_submit(actor=world.committee, data=data, filename="x.xlsx")
    assert exc.value.message == message
    upload = io.BytesIO(data)
    upload.name = "x.xlsx"
    response = client.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Job.objects.exists() and counts() == before


def test_an_oversized_upload_is_refused(world, login):
    client = login(world.committee)
    upload = io.BytesIO(b"PK\x03\x04" + b"\0" * (excel.MAX_UPLOAD_BYTES + 1))
    upload.name = "big.xlsx"
    response = client.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 400 and "文件太大" in response.content.decode()
    assert not Job.objects.exists()


# --- error workbook ------------------------------------------------------------------------------------


def test_the_error_workbook_repeats_the_rows_with_the_reason(world, login):
    client = login(world.committee)
    job = validate(world.committee, [row(1), row(2, 所在党组织="不存在的支部")])
    page = client.get(reverse("people:import_result", args=[job.pk])).content.decode()
    assert "第3行" in page and "不存在的支部" in page and "确认导入" not in page
    response = client.get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0][0] == "错误原因" and values[0][1:] == HEADERS
    assert values[1][0] in (None, "") and values[1][1] == "新人1"
    assert values[2][0] == "所在党组织：" + imports.ERR_ORG_UNKNOWN.format(name="不存在的支部")
    assert values[2][2] == new_id(2)
    assert ws.cell(3, 2).fill.fgColor.rgb.endswith("FFC7CE") and not ws.cell(2, 2).fill.fgColor.rgb.endswith(
        "FFC7CE"
    )
    # the template's dropdowns and text-formatted ID column, shifted by the 错误原因 column
    lists = {
        next(iter(dv.sqref.ranges)).min_col: dv.formula1
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    assert "正式党员" in lists[HEADERS.index("党员状态") + 2] and "汉族" in lists[HEADERS.index("民族") + 2]
    id_col = openpyxl.utils.get_column_letter(HEADERS.index("公民身份号码") + 2)
    assert ws.column_dimensions[id_col].number_format == "@"
    assert ws.auto_filter.ref and ws.freeze_panes == "A2"


def test_common_synonyms_are_accepted_and_listed_in_the_template(world):
    job = validate(
        world.committee, [row(1, 学历="本科", 学位="学士学位", 人员类别="公务员", 党员状态="正式")]
    )
    assert job.result["error_count"] == 0, job.result["errors"]
    imports.roster_commit(actor=world.committee, data=workbook([row(1, 学历="本科", 党员状态="正式")]))
    person = Person.objects.get(name="新人1")
    assert person.education == "bachelor" and person.membership.status == "full"
    help_text = str(
        [
            [c.value for c in r]
            for r in openpyxl.load_workbook(io.BytesIO(imports.template_workbook()))["说明"].iter_rows()
        ]
    )
    assert "本科（即大学本科）" in help_text and "正式（即正式党员）" in help_text


def test_the_import_page_lists_the_required_columns_without_a_trailing_mark(world, login):
    page = login(world.secretary).get(reverse("people:import")).content.decode()
    required = "、".join(c.header for c in imports.COLUMNS if c.required and c.in_template)
    assert f"必填列：{required}</span>" in page


# --- all or nothing ------------------------------------------------------------------------------------


def test_a_bad_row_30000_of_30001_is_reported_and_nothing_is_written(world):
    rows = [row(i) for i in range(30_001)]
    rows[29_999]["转正日期"] = "2031-02-30"
    data = workbook(
        rows,
        [
            "姓名",
            "公民身份号码",
            "学历",
            "工作单位",
            "所在党组织",
            "党员状态",
            "申请入党日期",
            "入党日期",
            "转正日期",
        ],
    )  # the required columns only: a quicker file
    before = counts()
    job = imports.roster_import_submit(actor=world.committee, data=data, filename="big.xlsx")
    assert job.result["rows"] == 30_001
    assert job.result["errors"] == [
        {"row": 30_001, "column": "转正日期", "reason": "日期格式不正确：“2031-02-30”，应为 2023-01-05"}
    ]
    with pytest.raises(ApplicationError) as exc:
        imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert exc.value.message == imports.ERR_HAS_ERRORS.format(n=1)
    with pytest.raises(ApplicationError) as exc:  # forcing the commit path does not help
        imports.roster_commit(actor=world.committee, data=data)
    assert "第30001行" in exc.value.message
    assert counts() == before


def test_a_failure_while_writing_rolls_everything_back(world, monkeypatch):
    job = validate(
        world.committee,
        [row(1), row(2), row(0, 公民身份号码=idnumber.synthetic(dt.date(1985, 5, 5), "M", 1))],
    )
    before = counts()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", boom)
    commit = imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert commit.status == JobStatus.FAILED
    assert counts() == before
    job.refresh_from_db()
    assert not job.result["committed"]


def test_a_file_is_committed_only_once(world):
    job = validate(world.committee, [row(1)])
    imports.roster_commit_submit(actor=world.committee, validate_job=job)
    job.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert exc.value.message == imports.ERR_ALREADY_COMMITTED
    assert Person.objects.filter(name="新人1").count() == 1


def test_commit_validates_again_against_the_database(world):
    job = validate(world.secretary, [row(1)])
    assert job.result["create"] == 1
    from dangjian.people.services import person_create

    person_create(
        actor=world.committee,
        organization=world.b1,
        unit=world.unit_b,
        name="抢先",
        id_number=new_id(1),
        education="bachelor",
    )  # meanwhile registered in b1, outside the secretary's scope
    before = counts()
    commit = imports.roster_commit_submit(actor=world.secretary, validate_job=job)
    assert commit.status == JobStatus.FAILED and "第2行" in commit.message
    denied = AuditEvent.objects.filter(action=AuditAction.DENIED).count()
    assert denied == 1 and counts() == (*before[:3], before[3] + denied)  # only the refusal is logged


def test_commit_writes_the_dry_runs_plan_without_validating_again(world, monkeypatch):
    job = validate(world.committee, [row(1), row(2)])

    def no_second_validation(**kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr("dangjian.people.imports.commit.validate_upload", no_second_validation)
    commit = imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert commit.status == JobStatus.DONE, commit.message
    person = Person.objects.get(id_bidx=crypto.blind_index(new_id(2)))
    assert (
        person.name == "新人2"
        and person.organization == world.a1
        and person.name_pinyin.startswith("xin ren")
    )
    assert MembershipPeriod.objects.get(person=person).valid_from == dt.date(2011, 7, 1)
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_type="people.person", object_id=str(person.pk)
    )
    assert event.actor == world.committee and event.changes["id_number"] == [None, "***"]


def test_a_dry_runs_plan_serves_only_its_file_its_actor_and_an_unchanged_database(world):
    data = workbook([row(1)])
    job = imports.roster_import_submit(actor=world.committee, data=data, filename="名册.xlsx")
    assert len(plan.plan_load(job.pk, actor=world.committee, data=data) or []) == 1
    assert plan.plan_load(job.pk, actor=world.secretary, data=data) is None
    assert plan.plan_load(job.pk, actor=world.committee, data=workbook([row(1), row(2)])) is None
    world.unit_a.is_active = False
    world.unit_a.save()
    assert plan.plan_load(job.pk, actor=world.committee, data=data) is None


def test_a_plan_made_stale_by_a_change_is_validated_again(world):
    job = validate(world.committee, [row(1)])
    world.a1.is_active = False
    world.a1.save()
    before = counts()
    commit = imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert commit.status == JobStatus.FAILED and "第2行" in commit.message
    assert counts() == before


# --- scoping and refusals -------------------------------------------------------------------------------


def test_another_users_import_job_is_404(world, login):
    job = validate(world.secretary, [row(1)])
    client = login(world.unit_staff)
    assert client.get(reverse("people:import_result", args=[job.pk])).status_code == 404
    assert client.post(reverse("people:import_commit", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404
    with pytest.raises(NotFound):
        imports.roster_commit_submit(actor=world.unit_staff, validate_job=job)
    assert not Person.objects.filter(name="新人1").exists()


def test_read_only_roles_cannot_import(world, login):
    for user in (world.auditor, world.member, world.outsider):
        client = login(user)
        assert client.get(reverse("people:import")).status_code == 403
        assert client.get(reverse("people:import_template")).status_code == 403
        with pytest.raises(ApplicationError):
            imports.roster_import_submit(actor=user, data=workbook([row(1)]), filename="x.xlsx")


def test_the_import_page_lists_only_my_imports(world, login):
    validate(world.unit_staff, [row(1)])
    mine = validate(world.secretary, [row(2)])
    page = login(world.secretary).get(reverse("people:import")).content.decode()
    assert page.count("名册.xlsx") == 1 and reverse("people:import_result", args=[mine.pk]) in page


def test_validation_queries_do_not_grow_with_rows(world):
    scoping.scope_of(world.committee)  # the actor's grants are read once per request

    def queries(n):
        roster = imports.read_roster(workbook([row(i) for i in range(n)]))
        with CaptureQueriesContext(connection) as ctx:
            imports.validate(roster, imports.load_lookups(world.committee, roster))
        return len(ctx.captured_queries)

    assert queries(1) == queries(50)


def test_the_quick_id_check_agrees_with_idnumber_normalize():
    import random

    rng = random.Random(7)
    samples = [new_id(i) for i in range(200)] + [
        _x_id(),
        _x_id().lower(),
        " " + new_id(1),
        _impossible_date_id(),
    ]
    samples += [n[:17] + rng.choice("0123456789X") for n in samples[:200]]  # many wrong check characters
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%Y%m%d")
    for body in ("110105" + future + "123", "110105" + "18991231" + "123", "110105" + "20000229" + "123"):
        samples.append(body + idnumber.check_char(body))
    roster = imports.Roster(
        headers=["公民身份号码"], index={"id_number": 0}, rows=[(2, [s, None]) for s in samples]
    )
    parsed = imports.parse_ids(roster)
    for raw in samples:
        expected: tuple[str | None, str | None]
        try:
            expected = (idnumber.normalize(raw), None)
        except ApplicationError as e:
            expected = (None, e.message)
        number, bidx, error, birth = parsed[excel.cell_text(raw)]
        assert birth == (idnumber.birth_date(number) if number else None)
        assert (number, error) == expected, raw
        assert bidx == (crypto.blind_index(number) if number else None)


def test_a_person_who_left_the_party_is_not_revived_by_an_import(world):
    person = world.people["member_a2"]
    Membership.objects.filter(person=person).update(status="left", left_on=dt.date(2020, 1, 1))
    job = validate(world.committee, [row(0, 公民身份号码=idnumber.synthetic(dt.date(1985, 5, 5), "M", 3))])
    error = only_error(job)
    assert (error["row"], error["column"]) == (2, "公民身份号码") and "已出党" in error["reason"]


@pytest.mark.parametrize("fail", [False, True])
def test_a_large_import_suspends_the_membership_tally_and_leaves_it_right(world, monkeypatch, fail):
    from dangjian.people import tally as people_tally
    from dangjian.people.imports import commit as roster_commit

    monkeypatch.setattr(roster_commit, "SUSPEND_TALLY_AT", 2)  # as a 20,000-row load would
    job = validate(world.committee, [row(1), row(2)])
    before = counts()
    if fail:  # the last of the four inserts fails, after the periods are in
        real = roster_commit.bulk.insert_rows

        def insert_rows(model, rows):
            if model is AuditEvent:
                raise RuntimeError("disk full")
            return real(model, rows)

        monkeypatch.setattr(roster_commit.bulk, "insert_rows", insert_rows)
    done = imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert done.status == (JobStatus.FAILED if fail else JobStatus.DONE), done.message
    assert people_tally.installed()  # the triggers are back, whether the import went through or not
    assert people_tally.differences() == {}
    assert (counts() == before) if fail else Person.objects.filter(name__startswith="新人").count() == 2
