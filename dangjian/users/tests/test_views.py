import datetime as dt
import re

import pytest

from dangjian.accounts import errors
from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core.idnumber import synthetic
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.users.errors import ERR_PERSON_NOT_FOUND

pytestmark = pytest.mark.django_db

NON_COMMITTEE = ["unit_staff", "secretary", "branch_committee", "member", "auditor", "outsider"]


def text(response) -> str:
    return response.content.decode()


def audit_rows(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


@pytest.mark.parametrize("persona", NON_COMMITTEE)
def test_only_committee_staff_reach_user_management(world, login, persona):
    client = login(getattr(world, persona))
    for url in ["/accounts/users/", "/accounts/users/new/", f"/accounts/users/{world.secretary.pk}/"]:
        assert client.get(url).status_code == 403, url
    grant = world.secretary.grants.get()
    assert client.post(f"/accounts/grants/{grant.pk}/revoke/").status_code == 403
    assert (
        client.post(
            f"/accounts/users/{world.outsider.pk}/grants/", {"role": "member", "organization": world.a1.pk}
        ).status_code
        == 403
    )
    assert client.post(f"/accounts/users/{world.secretary.pk}/active/", {"active": "0"}).status_code == 403
    assert client.post("/accounts/users/new/", {"username": "sneaky"}).status_code == 403
    grant.refresh_from_db()
    world.secretary.refresh_from_db()
    assert grant.revoked_at is None and world.secretary.is_active
    assert not User.objects.filter(username="sneaky").exists()
    assert not world.outsider.grants.exists()


def test_the_user_list_shows_users_with_their_active_grants_and_filters(world, login):
    client = login(world.committee)
    body = text(client.get("/accounts/users/"))
    assert "t-secretary" in body and "支部书记 · 省财政厅第一党支部" in body and "t-outsider" in body
    body = text(client.get("/accounts/users/", {"role": "unit_staff"}))
    assert "t-unit" in body and "t-secretary" not in body
    body = text(client.get("/accounts/users/", {"q": "audit"}))
    assert "t-auditor" in body and "t-unit" not in body


def test_the_user_list_query_count_does_not_grow_with_users(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.committee)
    client.get("/accounts/users/")
    with CaptureQueriesContext(connection) as before:
        client.get("/accounts/users/")
    from dangjian.users import services as user_services

    for i in range(40):
        user, _ = user_services.user_create(actor=None, username=f"bulk{i:02d}", password="X-y1z2-secret")
        user_services.grant_create(actor=None, user=user, role=Role.BRANCH_SECRETARY, organization=world.b1)
    with CaptureQueriesContext(connection) as after:
        body = text(client.get("/accounts/users/"))
    assert "bulk39" in body
    assert len(after) == len(before)


def test_creating_a_user_shows_the_initial_password_once_and_audits(world, login):
    client = login(world.committee)
    response = client.post("/accounts/users/new/", {"username": "li.si", "display_name": "李四"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    found = re.search(r'id="initial-password">([^<]+)<', text(response))
    assert found is not None
    password = found.group(1)
    user = User.objects.get(username="li.si")
    assert user.check_password(password) and user.must_change_password
    assert audit_rows(user, AuditAction.CREATE).count() == 1
    assert password not in text(client.get(f"/accounts/users/{user.pk}/"))
    assert password not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_it_rejects_a_taken_or_malformed_username(world, login):
    client = login(world.committee)
    body = text(client.post("/accounts/users/new/", {"username": "t-unit"}))
    assert errors.ERR_USERNAME_TAKEN.format(username="t-unit") in body
    body = text(client.post("/accounts/users/new/", {"username": "张 三"}))
    assert errors.ERR_USERNAME_FORMAT in body
    body = text(client.post("/accounts/users/new/", {"username": ""}))
    assert "请填写用户名。" in body
    assert User.objects.count() == 7


def test_a_new_user_can_be_linked_to_a_person_by_id_number(world, login):
    client = login(world.committee)
    number = synthetic(dt.date(1985, 5, 5), "M", 5)  # 孙七 (b1)
    response = client.post("/accounts/users/new/", {"username": "sun.qi", "id_number": number})
    assert response.status_code == 200
    assert User.objects.get(username="sun.qi").person == world.people["member_b1"]
    body = text(
        client.post(
            "/accounts/users/new/",
            {"username": "nobody", "id_number": synthetic(dt.date(1970, 1, 1), "F", 77)},
        )
    )
    assert ERR_PERSON_NOT_FOUND in body
    body = text(client.post("/accounts/users/new/", {"username": "again", "id_number": number}))
    assert "已关联账号“sun.qi”" in body
    assert not User.objects.filter(username__in=["nobody", "again"]).exists()


def test_deactivating_and_activating_a_user_is_audited(world, login):
    client = login(world.committee)
    response = client.post(f"/accounts/users/{world.secretary.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    world.secretary.refresh_from_db()
    assert not world.secretary.is_active
    client.post(f"/accounts/users/{world.secretary.pk}/active/", {"active": "1"})
    world.secretary.refresh_from_db()
    assert world.secretary.is_active
    assert audit_rows(world.secretary, AuditAction.UPDATE).count() == 2


def test_committee_staff_cannot_deactivate_themselves(world, login):
    client = login(world.committee)
    client.post(f"/accounts/users/{world.committee.pk}/active/", {"active": "0"})
    world.committee.refresh_from_db()
    assert world.committee.is_active


def test_adding_a_grant_is_audited_and_widens_the_scope(world, login):
    client = login(world.committee)
    response = client.post(
        f"/accounts/users/{world.outsider.pk}/grants/",
        {"role": "branch_secretary", "organization": world.b1.pk},
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=world.outsider)
    assert grant.role == Role.BRANCH_SECRETARY and grant.granted_by == world.committee
    assert audit_rows(grant, AuditAction.GRANT).count() == 1
    assert login(world.outsider).get(f"/orgs/{world.b1.pk}/").status_code == 200


def test_it_rejects_a_branch_secretary_grant_on_an_organ_committee(world, login):
    response = login(world.committee).post(
        f"/accounts/users/{world.outsider.pk}/grants/",
        {"role": "branch_secretary", "organization": world.oc_b.pk},
    )
    assert response.status_code == 200
    assert errors.ERR_GRANT_ROLE_NODE.format(role="支部书记", kinds="党支部") in text(response)
    assert not world.outsider.grants.exists()


def test_it_rejects_a_duplicate_grant_and_a_missing_role(world, login):
    client = login(world.committee)
    body = text(
        client.post(
            f"/accounts/users/{world.secretary.pk}/grants/",
            {"role": "branch_secretary", "organization": world.a1.pk},
        )
    )
    assert errors.ERR_GRANT_EXISTS in body
    body = text(client.post(f"/accounts/users/{world.secretary.pk}/grants/", {"organization": world.a1.pk}))
    assert "请填写角色。" in body
    assert world.secretary.grants.count() == 1


def test_revoking_a_grant_is_audited_and_ends_the_access(world, login):
    grant = world.secretary.grants.get()
    client = login(world.committee)
    assert client.post(f"/accounts/grants/{grant.pk}/revoke/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert audit_rows(grant, AuditAction.REVOKE).count() == 1
    assert client.post(f"/accounts/grants/{grant.pk}/revoke/").status_code == 404
    assert login(world.secretary).get(f"/orgs/{world.a1.pk}/").status_code == 404


def test_the_user_page_lists_grants_with_revoke_buttons_and_the_grant_form(world, login):
    body = text(login(world.committee).get(f"/accounts/users/{world.secretary.pk}/"))
    assert "省财政厅第一党支部" in body and "/accounts/grants/" in body and "data-confirm=" in body
    assert 'name="organization"' in body and 'hx-get="/orgs/options/"' in body
