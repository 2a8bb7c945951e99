import datetime as dt

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.accounts.enums import Role
from dangjian.core import audit, jobs
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.meetings.services import meetings as meeting_services
from dangjian.tests.personas import held_meeting
from dangjian.users import services as user_services

pytestmark = pytest.mark.django_db


def unit_auditor(world):
    user, _ = user_services.user_create(actor=None, username="t-auditor-a", password="Test-Passw0rd!")
    user_services.grant_create(actor=None, user=user, role=Role.AUDITOR, organization=world.oc_a)
    return user


def test_changes_read_in_chinese_with_names_instead_of_ids(world, login):
    person = world.people["member_a1"]
    audit.record(
        actor=world.secretary,
        action=AuditAction.UPDATE,
        obj=person,
        changes={
            "category": ["civil_servant", "professional"],
            "organization_id": [world.a1.pk, world.a2.pk],
        },
    )
    page = login(world.auditor).get("/audit/?object_type=people.person&action=update").content.decode()
    assert "人员类别：党政机关工作人员 → 专业技术人员" in page
    assert "所在党组织：省财政厅第一党支部 → 省财政厅第二党支部" in page
    assert "civil_servant" not in page and "organization_id" not in page
    assert '<option value="people.person" selected>人员</option>' in page


def test_attendance_changes_read_as_name_before_and_after(world, login):
    m = held_meeting(world)
    a = world.people["member_a1"]
    m.attendance.filter(person=a).update(status="absent")
    meeting_services.attendance_record(
        actor=world.secretary, meeting=m, rows=[{"person_id": a.pk, "status": "present"}]
    )
    page = login(world.auditor).get("/audit/?object_type=meetings.meeting").content.decode()
    assert "张三：缺席→出席" in page


def test_the_log_filters_by_person_organisation_and_date(world, login):
    audit.record(
        actor=world.secretary, action=AuditAction.UPDATE, obj=world.a1, changes={"name": ["甲", "乙"]}
    )
    audit.record(
        actor=world.committee, action=AuditAction.UPDATE, obj=world.b1, changes={"name": ["丙", "丁"]}
    )
    client = login(world.auditor)
    page = client.get("/audit/?actor=t-secretary&action=update").content.decode()
    assert "甲 → 乙" in page and "丙 → 丁" not in page
    page = client.get(f"/audit/?org={world.oc_b.pk}&action=update").content.decode()
    assert "丙 → 丁" in page and "甲 → 乙" not in page
    today = timezone.localdate()
    assert "甲 → 乙" in client.get(f"/audit/?date_from={today}&date_to={today}").content.decode()
    assert "甲 → 乙" not in client.get(f"/audit/?date_to={today - dt.timedelta(days=1)}").content.decode()


def test_a_unit_auditor_cannot_filter_on_the_other_unit(world, login):
    audit.record(
        actor=world.committee, action=AuditAction.UPDATE, obj=world.b1, changes={"name": ["丙", "丁"]}
    )
    page = login(unit_auditor(world)).get(f"/audit/?org={world.b1.pk}").content.decode()
    assert "丙 → 丁" not in page and "不在您的权限范围内" in page


def test_the_export_is_scoped_readable_and_audited(world, login):
    audit.record(
        actor=world.committee, action=AuditAction.UPDATE, obj=world.a1, changes={"name": ["甲", "乙"]}
    )
    audit.record(
        actor=world.committee, action=AuditAction.UPDATE, obj=world.b1, changes={"name": ["丙", "丁"]}
    )
    auditor = unit_auditor(world)
    response = login(auditor).post("/audit/export/", {"action": "update"})
    assert response.status_code == 302
    job = Job.objects.get(created_by=auditor)
    assert job.status == "done", job.message
    sheet = load_workbook(jobs.job_dir(job) / job.result_file).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "名称：甲 → 乙" in text and "丙" not in text and "省财政厅第一党支部" in text
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, actor=auditor, object_type="core.auditevent"
    ).exists()


@pytest.mark.parametrize("persona", ["secretary", "unit_staff", "member", "outsider"])
def test_only_auditors_and_committee_staff_export_the_log(world, login, persona):
    assert login(getattr(world, persona)).post("/audit/export/", {}).status_code == 404
    assert not Job.objects.exists()


def test_a_count_under_the_attendance_key_reads_as_a_number(world, login):
    # The demo build records how many attendance rows it wrote under the same key that attendance
    # changes use for their {person: status} maps; the log must still open.
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="core.demo",
        object_id="2023",
        object_repr="演示数据",
        changes={"attendance": [None, 1493974]},
    )
    response = login(world.auditor).get("/audit/")
    assert response.status_code == 200
    assert "1493974" in response.content.decode()
