"""The member roster export job: scope re-applied at run time, masking, audit."""

import datetime as dt

from dangjian.core import crypto
from dangjian.core.excel import read_table
from dangjian.core.jobs import job_dir, job_submit
from dangjian.core.models import AuditAction, AuditEvent, JobStatus
from dangjian.people.exports import HEADERS, KIND, export_title


def export(actor, *, filters=None, full_ids=False):
    job = job_submit(
        actor=actor,
        kind=KIND,
        title=export_title(full_ids),
        params={"filters": filters or {}, "full_ids": full_ids},
    )
    job.refresh_from_db()
    return job


def rows_of(job) -> dict[str, dict]:
    data = (job_dir(job) / job.result_file).read_bytes()
    table = read_table(data, required=["姓名", "公民身份号码"])
    assert table.headers == HEADERS
    return {rec["姓名"]: rec for _row, rec in table.records}


def full_id(person):
    return crypto.decrypt(person.id_enc)


def test_the_secretary_exports_only_their_branch_with_masked_ids(world):
    job = export(world.secretary)
    assert job.status == JobStatus.DONE and job.result["rows"] == 2
    rows = rows_of(job)
    assert set(rows) == {"张三", "李四"}  # 孙七 of b1 is not there
    zhang = world.people["member_a1"]
    assert rows["张三"]["公民身份号码"] == zhang.id_masked
    assert rows["张三"]["联系电话"] == "138****1234"
    assert rows["张三"]["所在党组织"] == world.a1.name and rows["张三"]["党员状态"] == "正式党员"
    assert rows["张三"]["入党日期"] == dt.date(2010, 7, 1) and rows["张三"]["转正日期"] == dt.date(2011, 7, 1)
    assert rows["张三"]["性别"] == "男" and rows["张三"]["学历"] == "大学本科"
    assert rows["李四"]["党龄"] in (None, "")  # probationary: no party age yet
    assert job.result_name == f"党员名册-{dt.date.today():%Y%m%d}-身份证号已脱敏.xlsx"
    assert job.title == "导出党员名册（身份证号已脱敏）"
    assert "2" in job.message


def test_full_ids_are_exported_for_a_permitted_role(world):
    job = export(world.secretary, full_ids=True)
    assert job.title == "导出党员名册（含完整身份证号）"
    assert job.result_name == f"党员名册-{dt.date.today():%Y%m%d}-含完整身份证号.xlsx"
    rows = rows_of(job)
    assert rows["张三"]["公民身份号码"] == full_id(world.people["member_a1"])
    assert rows["李四"]["公民身份号码"] == full_id(world.people["other_a1"])


def test_full_ids_stay_masked_for_a_role_without_the_permission(world):
    # The view drops the checkbox for this role; the handler must re-check a forged request too.
    job = export(world.branch_committee, full_ids=True)
    rows = rows_of(job)
    assert rows["张三"]["公民身份号码"] == world.people["member_a1"].id_masked
    assert job.result["full_ids"] is False
    assert job.title == "导出党员名册（身份证号已脱敏）" and job.result_name.endswith("-身份证号已脱敏.xlsx")


def test_committee_staff_export_everyone_and_filters_apply(world):
    assert set(rows_of(export(world.committee))) == {"张三", "李四", "王五", "赵六", "孙七"}
    assert set(rows_of(export(world.committee, filters={"org": world.oc_b.pk}))) == {"孙七"}
    assert set(rows_of(export(world.committee, filters={"status": "probationary"}))) == {"李四"}


def test_an_export_filtered_on_the_other_branch_fails_without_a_file(world):
    job = export(world.secretary, filters={"org": world.b1.pk})
    assert job.status == JobStatus.FAILED and not job.result_file
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_scope_is_applied_again_when_the_job_runs(world):
    from dangjian.accounts.models import RoleGrant
    from dangjian.organizations import scoping
    from dangjian.users import services as user_services

    for grant in RoleGrant.objects.filter(user=world.secretary):
        user_services.grant_revoke(actor=world.committee, grant=grant)
    scoping.forget(world.secretary)
    job = export(world.secretary)
    assert job.status == JobStatus.DONE and job.result["rows"] == 0


def test_an_export_is_audited(world):
    export(world.secretary, filters={"status": "full"}, full_ids=True)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == world.secretary and event.object_type == "people.person"
    assert event.object_repr == "党员名册导出 1 条"
    assert event.changes == {"filters": [None, {"status": "full", "sort": "name"}], "full_ids": [None, True]}
    assert event.org_path == world.a1.path


def test_the_export_through_the_page_downloads_a_file(world, login):
    client = login(world.secretary)
    response = client.post("/people/members/export/", {"gender": "F"}, follow=True)
    job = response.context["job"]
    assert job.status == JobStatus.DONE
    download = client.get(f"/jobs/{job.pk}/download/")
    assert "no-store" in download["Cache-Control"]  # an export may hold full ID numbers
    data = b"".join(download.streaming_content)
    names = {rec["姓名"] for _r, rec in read_table(data, required=["姓名"]).records}
    assert names == {"李四"}


def test_the_file_opens_in_openpyxl_with_text_id_cells_and_escaped_formulas(world):
    import io

    import openpyxl

    from dangjian.people.models import Person

    Person.objects.filter(pk=world.people["member_a1"].pk).update(position='=HYPERLINK("http://x")')
    job = export(world.secretary)
    wb = openpyxl.load_workbook(io.BytesIO((job_dir(job) / job.result_file).read_bytes()))
    ws = wb.active
    assert ws.title == "党员名册" and ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:S{ws.max_row}"
    admitted = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "张三")[13]
    assert admitted.is_date and admitted.value.date() == dt.date(2010, 7, 1)
    assert admitted.number_format == "yyyy-mm-dd"
    assert [c.value for c in ws[2]] == HEADERS
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["张三"][10] == '=HYPERLINK("http://x")'  # exactly as typed, text with the quote prefix
    position = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "张三")[10]
    assert position.data_type == "s" and position.quotePrefix
    id_cell = next(c for c in ws["C"][2:] if c.value == world.people["member_a1"].id_masked)
    assert id_cell.data_type == "s" and id_cell.number_format == "@"
