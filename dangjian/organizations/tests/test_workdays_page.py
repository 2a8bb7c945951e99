"""The committee's working-day calendar page: committee staff only, every change audited."""

import datetime as dt

import pytest

from dangjian.core import workdays
from dangjian.core.models import AuditAction, AuditEvent, WorkdayOverride

pytestmark = pytest.mark.django_db

URL = "/orgs/workdays/"
NON_COMMITTEE = ["unit_staff", "secretary", "branch_committee", "member", "auditor", "outsider"]


def audit_rows(action):
    return AuditEvent.objects.filter(object_type="core.workdayoverride", action=action)


@pytest.mark.parametrize("persona", NON_COMMITTEE)
def test_only_committee_staff_reach_the_calendar(world, login, persona):
    row = WorkdayOverride.objects.create(day=dt.date(2031, 10, 1), is_working_day=False, note="国庆节")
    client = login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"day": "2031-10-2", "is_working_day": "0"}).status_code == 403
    assert client.post(f"{URL}{row.pk}/delete/").status_code == 403
    assert list(WorkdayOverride.objects.values_list("day", flat=True)) == [dt.date(2031, 10, 1)]
    assert not AuditEvent.objects.filter(object_type="core.workdayoverride").exists()


def test_committee_staff_add_a_day_off_and_it_counts_at_once(world, login):
    client = login(world.committee)
    response = client.post(URL, {"day": "2031-10-01", "is_working_day": "0", "note": "国庆节"})
    assert response.status_code == 302 and response.url == f"{URL}?year=2031"
    assert not workdays.is_working_day(dt.date(2031, 10, 1))
    assert audit_rows(AuditAction.CREATE).get().actor == world.committee
    page = client.get(URL, {"year": 2031}).content.decode()
    assert "2031年10月1日" in page and "国庆节" in page and "休息日" in page


def test_a_day_entered_twice_is_refused_on_the_field(world, login):
    client = login(world.committee)
    client.post(URL, {"day": "2031-10-08", "is_working_day": "1", "note": "调休上班"})
    response = client.post(URL, {"day": "2031-10-08", "is_working_day": "0"})
    assert response.status_code == 200
    assert workdays.ERR_DAY_TAKEN.format(day=dt.date(2031, 10, 8)) in response.content.decode()
    assert WorkdayOverride.objects.get().is_working_day


def test_committee_staff_remove_a_day_with_an_audit_row(world, login):
    row = WorkdayOverride.objects.create(day=dt.date(2031, 10, 1), is_working_day=False)
    client = login(world.committee)
    assert client.get(f"{URL}{row.pk}/delete/").status_code == 405
    response = client.post(f"{URL}{row.pk}/delete/")
    assert response.status_code == 302
    assert not WorkdayOverride.objects.exists()
    assert audit_rows(AuditAction.DELETE).get().changes["day"] == ["2031-10-01", None]


def test_the_page_warns_of_a_year_counted_monday_to_friday(world, login):
    client = login(world.committee)
    page = client.get(URL, {"year": 2031}).content.decode()
    assert f'<li class="notice">2031年：{workdays.SOURCE_LABELS[workdays.FALLBACK]}</li>' in page
    WorkdayOverride.objects.create(day=dt.date(2031, 10, 1), is_working_day=False)
    page = client.get(URL, {"year": 2031}).content.decode()
    assert f"<li>2031年：{workdays.SOURCE_LABELS[workdays.OVERRIDES]}</li>" in page
    page = client.get(URL, {"year": 2023}).content.decode()
    assert f"<li>2023年：{workdays.SOURCE_LABELS[workdays.OFFICIAL]}</li>" in page


def test_the_calendar_is_in_the_committee_menu_only(world, login):
    assert "工作日历" in login(world.committee).get("/").content.decode()
    assert "工作日历" not in login(world.unit_staff).get("/").content.decode()
