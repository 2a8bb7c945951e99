"""API: role grants and users (committee staff, within their scope)."""

import json

from dangjian.accounts import errors
from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.api import auth
from dangjian.users import services as user_services
from dangjian.users.errors import ERR_PERSON_HAS_USER


def post_json(client, url, data, **kw):
    return client.post(url, data=json.dumps(data), content_type="application/json", **kw)


# --- role grants -----------------------------------------------------------------------------


def test_committee_staff_list_all_grants_others_only_their_own(world, client):
    r = client.get("/api/v1/role-grants", headers=auth(world.committee))
    assert r.status_code == 200
    assert r.json()["count"] == RoleGrant.objects.filter(revoked_at__isnull=True).count()
    r = client.get("/api/v1/role-grants", headers=auth(world.secretary))
    items = r.json()["items"]
    assert [g["username"] for g in items] == ["t-secretary"]
    assert items[0]["role"] == Role.BRANCH_SECRETARY


def test_committee_staff_grant_and_revoke_roles_with_audit(world, client):
    headers = auth(world.committee)
    user, _pw = user_services.user_create(actor=world.committee, username="new-sec")
    r = post_json(
        client,
        "/api/v1/role-grants",
        {"user_id": user.pk, "role": "branch_secretary", "organization_id": world.b1.pk},
        headers=headers,
    )
    assert r.status_code == 201, r.content
    grant_id = r.json()["id"]
    assert AuditEvent.objects.filter(action=AuditAction.GRANT, object_id=str(grant_id)).exists()
    r = post_json(
        client,
        "/api/v1/role-grants",
        {"user_id": user.pk, "role": "branch_secretary", "organization_id": world.b1.pk},
        headers=headers,
    )
    assert r.status_code == 400
    assert r.json()["message"] == errors.ERR_GRANT_EXISTS
    r = client.post(f"/api/v1/role-grants/{grant_id}/revoke", headers=headers)
    assert r.status_code == 200
    assert r.json()["revoked_at"]
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE, object_id=str(grant_id)).exists()
    assert client.post(f"/api/v1/role-grants/{grant_id}/revoke", headers=headers).status_code == 404


def test_grants_are_for_committee_staff_only(world, client):
    body = {"user_id": world.member.pk, "role": "branch_committee", "organization_id": world.a1.pk}
    for user in (world.unit_staff, world.secretary, world.auditor):
        r = post_json(client, "/api/v1/role-grants", body, headers=auth(user))
        assert r.status_code == 403, user
        assert r.json()["message"]
    own = RoleGrant.objects.get(user=world.secretary)
    assert (
        client.post(f"/api/v1/role-grants/{own.pk}/revoke", headers=auth(world.secretary)).status_code == 403
    )
    other = RoleGrant.objects.get(user=world.unit_staff)
    assert (
        client.post(f"/api/v1/role-grants/{other.pk}/revoke", headers=auth(world.secretary)).status_code
        == 404
    )
    assert RoleGrant.objects.filter(revoked_at__isnull=False).count() == 0


def test_a_grant_on_the_other_branch_is_refused_before_any_lookup(world, client):
    body = {"user_id": world.member.pk, "role": "branch_committee", "organization_id": world.b1.pk}
    r = post_json(client, "/api/v1/role-grants", body, headers=auth(world.secretary))
    assert r.status_code == 403  # not committee staff: refused before looking at the node or the user
    assert not RoleGrant.objects.filter(organization=world.b1).exists()


# --- users -----------------------------------------------------------------------------------


def test_committee_staff_create_a_user_and_see_the_password_once(world, client):
    headers = auth(world.committee)
    r = post_json(
        client,
        "/api/v1/users",
        {"username": "zhang.san", "display_name": "张三", "person_id": world.people["member_a2"].pk},
        headers=headers,
    )
    assert r.status_code == 201, r.content
    data = r.json()
    user = User.objects.get(username="zhang.san")
    assert user.check_password(data["password"]) and data["must_change_password"]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="accounts.user", object_id=str(user.pk)
    ).exists()
    listed = client.get("/api/v1/users?q=zhang", headers=headers).json()
    assert [u["username"] for u in listed["items"]] == ["zhang.san"]
    assert "password" not in listed["items"][0]
    r = post_json(client, "/api/v1/users", {"username": "zhang.san"}, headers=headers)
    assert r.status_code == 400 and r.json()["extra"]["field"] == "username"
    r = post_json(
        client,
        "/api/v1/users",
        {"username": "other", "person_id": world.people["member_a2"].pk},
        headers=headers,
    )
    assert r.status_code == 400
    assert r.json()["message"] == ERR_PERSON_HAS_USER.format(name="王五")


def test_users_are_for_committee_staff_only(world, client):
    for user in (world.unit_staff, world.secretary, world.auditor, world.member):
        assert client.get("/api/v1/users", headers=auth(user)).status_code == 403
        assert post_json(client, "/api/v1/users", {"username": "xyz"}, headers=auth(user)).status_code == 403
    assert not User.objects.filter(username="xyz").exists()
