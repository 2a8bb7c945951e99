"""Trainings through the pages, the exports and the API, and what another unit cannot see."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from dangjian.activities.enums import ParticipationStatus
from dangjian.activities.models import Participation
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.trainings import services
from dangjian.trainings.enums import ProgrammeSeries
from dangjian.trainings.models import ClassAttendance, Programme


def test_committee_runs_a_class_from_the_pages(world, login):
    c = login(world.committee)
    r = c.post(
        "/trainings/new/",
        {
            "name": "党员干部教育示范培训班",
            "series": ProgrammeSeries.MEMBER_EDUCATION,
            "organization": world.root.pk,
            "first_day": "2023-01-01",
            "last_day": "2023-12-31",
            "completion_rate": 90,
        },
    )
    programme = Programme.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/trainings/{programme.pk}/"
    r = c.post(
        f"/trainings/{programme.pk}/",
        {"first_day": "2023-06-01", "last_day": "2023-06-02", "hours": "16", "place": "党校"},
    )
    tc = programme.classes.get()
    assert r["Location"] == f"/trainings/classes/{tc.pk}/"
    page = c.get(f"/trainings/classes/{tc.pk}/?q=张").content.decode()
    assert "张三（省财政厅第一党支部）" in page
    c.post(f"/trainings/classes/{tc.pk}/enrol/", {"person_ids": [world.people["member_a1"].pk]})
    row = Participation.objects.get(activity=tc.activity)
    for day in ("2023-06-01", "2023-06-02"):
        c.post(f"/trainings/classes/{tc.pk}/attendance/", {"day": day, "present_ids": [row.pk]})
    page = c.get(f"/trainings/classes/{tc.pk}/").content.decode()
    assert "100.0%" in page
    r = c.post(f"/trainings/classes/{tc.pk}/complete/", follow=True)
    assert "已结业1人" in r.content.decode()
    row.refresh_from_db()
    assert row.status == ParticipationStatus.COMPLETED
    wb = openpyxl.load_workbook(io.BytesIO(c.get(f"/trainings/classes/{tc.pk}/export/certificates/").content))
    cells = [c.value for c in wb.active[3]]
    assert cells[1] == "张三" and str(cells[0]).startswith("2023-")
    wb = openpyxl.load_workbook(io.BytesIO(c.get(f"/trainings/classes/{tc.pk}/export/trainees/").content))
    id_cell = wb.active[3][2].value
    assert "*" in id_cell and len(id_cell) == 18  # masked
    assert (
        AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="trainings.trainingclass").count()
        == 2
    )


def test_a_bad_attendance_day_is_shown_not_written(world, login, tc):
    c = login(world.committee)
    (row,) = services.trainees_enrol(
        actor=world.committee, training_class=tc, person_ids=[world.people["member_a1"].pk]
    )
    r = c.post(
        f"/trainings/classes/{tc.pk}/attendance/", {"day": "2023-05-01", "present_ids": [row.pk]}, follow=True
    )
    assert "2023年5月1日本期培训班不开班" in r.content.decode()
    assert not ClassAttendance.objects.filter(participation=row).exists()


@pytest.fixture
def other_class(world):
    """A class of 教育厅 (oc_b) for its own scope, with its member enrolled."""
    programme = services.programme_create(
        actor=world.committee,
        name="教育厅内部培训",
        organization=world.oc_b,
        series=ProgrammeSeries.OTHER,
        first_day=dt.date(2023, 1, 1),
        last_day=dt.date(2023, 12, 31),
    )
    tc = services.class_create(
        actor=world.committee,
        programme=programme,
        first_day=dt.date(2023, 3, 1),
        last_day=dt.date(2023, 3, 1),
        hours=Decimal(4),
    )
    services.trainees_enrol(
        actor=world.committee, training_class=tc, person_ids=[world.people["member_b1"].pk]
    )
    return tc


OUTSIDE = ["unit_staff", "secretary", "branch_committee", "member"]


@pytest.mark.parametrize("role", OUTSIDE)
def test_the_other_units_class_is_404_in_pages_exports_and_api(world, client, login, other_class, role):
    user = getattr(world, role)
    c = login(user)
    tc, programme = other_class.pk, other_class.programme.pk
    for url in [
        f"/trainings/{programme}/",
        f"/trainings/classes/{tc}/",
        f"/trainings/classes/{tc}/export/trainees/",
        f"/trainings/classes/{tc}/export/certificates/",
    ]:
        assert c.get(url).status_code in ((404, 403) if role == "member" else (404,)), (role, url)
    for url in ["enrol", "attendance", "complete", "quota"]:
        assert c.post(f"/trainings/classes/{tc}/{url}/", {}).status_code == 404, (role, url)
    c.logout()
    headers = auth(user)
    assert client.get(f"/api/v1/trainings/classes/{tc}/trainees", headers=headers).status_code == 404
    assert client.get(f"/api/v1/trainings/programmes/{programme}/classes", headers=headers).status_code == 404
    r = send(
        client,
        "post",
        f"/api/v1/trainings/classes/{tc}/trainees",
        {"person_ids": [world.people["member_a1"].pk]},
        headers,
    )
    assert r.status_code == 404
    lists = client.get("/api/v1/trainings/programmes?year=2023", headers=headers).json()
    assert lists["count"] == 0


def test_the_committee_sees_the_other_units_class(world, login, other_class):
    page = login(world.committee).get(f"/trainings/classes/{other_class.pk}/").content.decode()
    assert "孙七" in page


def test_hours_page_shows_only_the_viewers_members(world, login, tc):
    page = login(world.secretary).get("/trainings/hours/?year=2023").content.decode()
    assert "张三" in page and "孙七" not in page and "王五" not in page
    wb = openpyxl.load_workbook(
        io.BytesIO(login(world.secretary).get("/trainings/hours/export/?year=2023").content)
    )
    names = {row[0].value for row in wb.active.iter_rows(min_row=3)}
    assert names == {"张三", "李四"}


def test_api_enrol_and_refusals_in_chinese(world, client, tc):
    headers = auth(world.committee)
    a1 = world.people["member_a1"].pk
    r = send(client, "post", f"/api/v1/trainings/classes/{tc.pk}/trainees", {"person_ids": [a1]}, headers)
    assert r.status_code == 201 and r.json()["count"] == 1
    r = send(client, "post", f"/api/v1/trainings/classes/{tc.pk}/trainees", {"person_ids": [a1]}, headers)
    assert "张三已在本活动" in is_chinese_error(r, 400)["message"]
    r = send(
        client,
        "post",
        f"/api/v1/trainings/classes/{tc.pk}/attendance",
        {"day": "2023-01-01", "present_ids": []},
        headers,
    )
    assert "不开班" in is_chinese_error(r, 400)["message"]
    body = client.get(f"/api/v1/trainings/classes/{tc.pk}/trainees", headers=headers).json()
    assert body["items"][0]["id_number"].count("*") >= 8
