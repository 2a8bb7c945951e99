"""Transfer pages and API through both sides; the 6-month flag at its boundary; mobile members and
a check drive's list per unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.fees.enums import FeeCategory
from dangjian.fees.services import fee_base_declare, fee_pay
from dangjian.meetings.enums import AttendanceStatus
from dangjian.meetings.models import Attendance
from dangjian.people.models import Person
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.personas import held_meeting
from dangjian.transfers import selectors, services
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.models import MobileCheckEntry, Transfer


def test_a_transfer_through_both_sides_in_the_pages(world, login):
    person = world.people["member_a1"]
    c = login(world.secretary)
    assert "张三" in c.get("/transfers/new/?q=张").content.decode()
    assert c.get(f"/transfers/new/?person={person.pk}").status_code == 200
    r = c.post(
        "/transfers/new/",
        {
            "person": person.pk,
            "kind": "within",
            "to_org": world.a1.pk,
            "started_on": timezone.localdate().isoformat(),
            "valid_days": 30,
        },
    )
    assert "不需要办理转接" in r.content.decode() and not Transfer.objects.exists()
    r = c.post(
        "/transfers/new/",
        {
            "person": person.pk,
            "kind": "within",
            "to_org": world.b1.pk,
            "started_on": timezone.localdate().isoformat(),
            "valid_days": 30,
        },
    )
    t = Transfer.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/transfers/{t.pk}/"
    page = c.get(f"/transfers/{t.pk}/").content.decode()
    assert "撤回" in page and 'value="accept"' not in page
    c = login(world.committee)
    assert str(t.number) in c.get("/transfers/?box=incoming").content.decode()
    r = c.post(
        f"/transfers/{t.pk}/action/",
        {"transition": "accept", "note": "", "on": timezone.localdate().isoformat()},
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.status == TransferStatus.COMPLETED and Person.objects.get(pk=person.pk).organization == world.b1
    r = c.post(f"/transfers/{t.pk}/action/", {"transition": "accept"}, follow=True)
    assert "不能执行" in r.content.decode()
    # the member's page shows the transfer on their timeline
    page = c.get(f"/people/persons/{person.pk}/").content.decode()
    assert f"/transfers/{t.pk}/" in page and "省教育厅第一党支部" in page


def test_the_letter_and_the_exports(world, login):
    t = services.transfer_start(
        actor=world.secretary,
        person=world.people["member_a1"],
        kind=TransferKind.OUT,
        external_org="中共北京市海淀区委组织部",
    )
    c = login(world.secretary)
    r = c.get(f"/transfers/{t.pk}/letter.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert t.letter_no in text and "中共北京市海淀区委组织部" in text and "有效期30天" in text
    r = c.get("/transfers/?format=xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert c.get("/transfers/inactive/?format=xlsx").content[:2] == b"PK"


def test_the_api_through_both_sides(world, client):
    person = world.people["member_a1"]
    r = send(
        client,
        "post",
        "/api/v1/transfers",
        {"person_id": person.pk, "kind": "within", "to_org_id": 99999999},
        auth(world.secretary),
    )
    assert "不存在" in is_chinese_error(r, 400)["message"]
    r = send(
        client,
        "post",
        "/api/v1/transfers",
        {"person_id": person.pk, "kind": "within", "to_org_id": world.b1.pk},
        auth(world.secretary),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["next_steps"] == ["cancel"] and body["status"] == "pending"
    committee = auth(world.committee)
    assert client.get("/api/v1/transfers?box=incoming", headers=committee).json()["count"] == 1
    r = send(client, "post", f"/api/v1/transfers/{body['id']}/accept", {}, committee)
    assert r.status_code == 200 and r.json()["status"] == "completed"
    r = send(client, "post", f"/api/v1/transfers/{body['id']}/accept", {}, committee)
    is_chinese_error(r, 400)
    # the other side's unit staff no longer sees the member, but sees the transfer it sent
    assert client.get(f"/api/v1/transfers/{body['id']}", headers=auth(world.unit_staff)).status_code == 200
    assert client.get(f"/api/v1/transfers/{body['id']}", headers=auth(world.member)).status_code == 404


@pytest.mark.parametrize("day, flagged", [(dt.date(2024, 2, 29), True), (dt.date(2024, 3, 1), False)])
def test_the_six_month_flag_at_its_boundary(world, day, flagged):
    as_of = dt.date(2024, 8, 31)  # the window is (2024-02-29, 2024-08-31]
    meeting = held_meeting(world, days=-400)
    held = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    type(meeting).objects.filter(pk=meeting.pk).update(held_at=held)
    person = world.people["member_a1"]
    Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"status": AttendanceStatus.PRESENT}
    )
    fee_base_declare(
        actor=world.committee, person=person, year=2024, category=FeeCategory.SALARIED, base="4000"
    )
    fee_pay(actor=world.committee, person=person, year=2024, months=[8], paid_on=as_of)
    rows = {p.pk: p for p in selectors.inactive_members(actor=world.committee, as_of=as_of)}
    assert (person.pk in rows) is flagged
    if flagged:
        assert rows[person.pk].attended is False and rows[person.pk].paid is True


def test_mobile_members_and_a_check_drive_per_unit(world, login):
    c = login(world.secretary)
    person = world.people["member_a1"]
    r = c.post(
        f"/transfers/mobile/new/{person.pk}/",
        {
            "location": "深圳市南山区",
            "since": "2024-01-05",
            "contact": "支部组织委员",
            "contact_means": "电话",
        },
    )
    assert r.status_code == 302 and Person.objects.get(pk=person.pk).is_mobile
    r = c.post(
        f"/transfers/mobile/new/{person.pk}/", {"location": "广州", "since": "2024-02-05", "contact": "某"}
    )
    assert "已登记为流动党员" in r.content.decode()
    services.mobile_register(
        actor=world.committee,
        person=world.people["member_b1"],
        location="北京",
        since=dt.date(2024, 1, 1),
        contact="书记",
    )
    run = services.mobile_check_start(
        actor=world.committee, organization=world.root, title="2024年流动党员排查"
    )
    groups = selectors.check_entries_by_unit(actor=world.committee, run=run)
    assert [(g["unit"].name, len(g["rows"])) for g in groups] == [("省财政厅", 1), ("省教育厅", 1)]
    assert [len(g["rows"]) for g in selectors.check_entries_by_unit(actor=world.unit_staff, run=run)] == [1]
    c = login(world.committee)
    assert c.get(f"/transfers/mobile/checks/{run.pk}/?format=xlsx").content[:2] == b"PK"
    entry = MobileCheckEntry.objects.get(person=person)
    c.post(f"/transfers/mobile/checks/entries/{entry.pk}/", {"result": "lost"})
    assert Person.objects.get(pk=person.pk).is_lost_contact
