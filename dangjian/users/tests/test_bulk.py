import datetime as dt

import pytest
from openpyxl import load_workbook

from dangjian.accounts import errors
from dangjian.accounts.models import ApiToken, User
from dangjian.core import jobs
from dangjian.core.errors import Forbidden
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.people import accounts as bulk
from dangjian.people import services as people_services
from dangjian.people.enums import MembershipStatus

pytestmark = pytest.mark.django_db


def submit(client, org):
    response = client.post("/accounts/bulk/", {"organization": org.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_unit_staff_create_accounts_for_every_member_of_their_subtree_without_one(world, login):
    client = login(world.unit_staff)
    page = client.get("/accounts/bulk/").content.decode()
    assert 'id="pending-count">3<' in page  # 李四, 王五, 赵六; 张三 has one; 孙七 is in the other unit
    job = submit(client, world.oc_a)
    assert job.status == "done", job.message
    created = User.objects.filter(person__isnull=False).exclude(pk=world.member.pk)
    assert sorted(u.display_name for u in created) == ["李四", "王五", "赵六"]
    assert all(u.must_change_password and u.is_active for u in created)
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, object_type="accounts.user", actor=world.unit_staff
        ).count()
        == 3
    )
    sheet = load_workbook(jobs.job_dir(job) / bulk.RESULT_FILE).active
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(r[0] for r in rows) == ["李四", "王五", "赵六"]
    printed = client.get(f"/accounts/bulk/{job.pk}/print/").content.decode()
    for _name, _org, username, password in rows:
        assert username in printed and password in printed
    assert submit(client, world.oc_a).result["accounts"] == 0  # everyone has one now


def test_a_one_time_password_signs_in_once_and_forces_a_change(world, login, client):
    job = submit(login(world.unit_staff), world.a2)
    name, _org, username, password = bulk.password_list(actor=world.unit_staff, job_id=job.pk)[1][0]
    assert (name, username) == ("王五", "wangwu")
    client.logout()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    assert client.get("/").url == "/accounts/password/"


def test_usernames_stay_unique_when_names_repeat(world):
    from dangjian.tests.personas import make_person

    make_person(world.a2, "王五", seq=11)
    rows = bulk.accounts_create_for_people(
        actor=world.committee,
        people=bulk.people_without_account(actor=world.committee, organization=world.a2),
    )
    assert sorted(r[2] for r in rows) == ["wangwu", "wangwu2"]


@pytest.mark.parametrize("persona", ["secretary", "branch_committee", "member", "auditor", "outsider"])
def test_only_unit_and_committee_staff_create_accounts_in_bulk(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get("/accounts/bulk/").status_code == 403
    assert client.post("/accounts/bulk/", {"organization": world.a1.pk}).status_code == 403
    assert not User.objects.filter(person=world.people["other_a1"]).exists()


def test_unit_staff_cannot_create_accounts_in_the_other_unit(world, login):
    client = login(world.unit_staff)
    response = client.post("/accounts/bulk/", {"organization": world.b1.pk})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    with pytest.raises(Forbidden):
        bulk.bulk_accounts_submit(actor=world.unit_staff, organization=world.b1)
    assert not User.objects.filter(person=world.people["member_b1"]).exists()


def test_only_the_creator_reads_the_password_list(world, login):
    job = submit(login(world.unit_staff), world.oc_a)
    assert login(world.committee).get(f"/accounts/bulk/{job.pk}/print/").status_code == 404
    assert login(world.committee).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_member_who_leaves_the_party_loses_their_account_in_the_same_change(world):
    person = world.people["member_a1"]
    ApiToken.objects.create(
        user=world.member,
        name="phone",
        key_hash="x" * 64,
        prefix="dj_x",
        expires_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
    )
    people_services.membership_update(
        actor=world.secretary,
        person=person,
        status=MembershipStatus.LEFT,
        on=dt.date(2024, 3, 1),
        left_on=dt.date(2024, 3, 1),
    )
    world.member.refresh_from_db()
    assert not world.member.is_active
    assert not ApiToken.objects.filter(user=world.member, revoked_at__isnull=True).exists()
    event = AuditEvent.objects.get(
        object_type="accounts.user", object_id=str(world.member.pk), action=AuditAction.UPDATE
    )
    assert event.changes["is_active"] == [True, False] and event.actor == world.secretary


def test_a_refused_membership_change_leaves_the_account_active(world):
    with pytest.raises(Forbidden):
        people_services.membership_update(
            actor=world.member, person=world.people["member_a1"], status=MembershipStatus.TRANSFERRED_OUT
        )
    world.member.refresh_from_db()
    assert world.member.is_active


def test_the_refusal_names_the_roles(world):
    with pytest.raises(Forbidden) as e:
        bulk.require_manager(world.secretary, world.a1)
    assert e.value.message == errors.ERR_BULK_ROLE


def test_accounts_for_given_people_leave_out_those_outside_the_scope(world):
    ids = [world.people["member_a2"].pk, world.people["member_b1"].pk]
    job = bulk.accounts_for_people_submit(actor=world.unit_staff, person_ids=ids, title="导入")
    assert job.status == "done" and job.result["accounts"] == 1
    assert User.objects.filter(person=world.people["member_a2"]).exists()
    assert not User.objects.filter(person=world.people["member_b1"]).exists()
    with pytest.raises(Forbidden):
        bulk.accounts_for_people_submit(actor=world.secretary, person_ids=ids, title="导入")
