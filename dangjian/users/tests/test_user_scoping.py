"""User management is scoped like records: committee staff on a subtree manage only the accounts
whose every grant lies inside it, grant only there, and see only the units of their subtree."""

import json

import pytest

from dangjian.accounts import errors
from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core.errors import ApplicationError, NotFound
from dangjian.tests.api import auth
from dangjian.tests.personas import PASSWORD
from dangjian.users import services as user_services


@pytest.fixture
def sub_committee(world):
    """Committee staff granted on oc_a only: manages the accounts of oc_a's subtree."""
    user, _ = user_services.user_create(actor=None, username="t-sub-committee", password=PASSWORD)
    user_services.grant_create(actor=None, user=user, role=Role.COMMITTEE_STAFF, organization=world.oc_a)
    return user


def _b1_secretary(world):
    user, _ = user_services.user_create(actor=None, username="t-b1-secretary", password=PASSWORD)
    user_services.grant_create(actor=None, user=user, role=Role.BRANCH_SECRETARY, organization=world.b1)
    return user


def test_the_user_list_holds_only_accounts_inside_the_subtree(world, login, sub_committee):
    b1_secretary = _b1_secretary(world)
    page = login(sub_committee).get("/accounts/users/").content.decode()
    for inside in ("t-unit", "t-secretary", "t-member"):
        assert inside in page, inside
    for outside in ("t-committee", "t-auditor", b1_secretary.username):
        assert outside not in page, outside


def test_an_account_with_a_wider_grant_cannot_be_opened_or_disabled(world, login, sub_committee):
    client = login(sub_committee)
    for wider in (world.committee, world.auditor):
        assert client.get(f"/accounts/users/{wider.pk}/").status_code == 404
        assert client.post(f"/accounts/users/{wider.pk}/active/", {"active": "0"}).status_code == 404
        wider.refresh_from_db()
        assert wider.is_active


def test_a_mixed_account_counts_as_wider(world, login, sub_committee):
    user_services.grant_create(
        actor=None, user=world.secretary, role=Role.BRANCH_COMMITTEE, organization=world.b1
    )
    assert login(sub_committee).get(f"/accounts/users/{world.secretary.pk}/").status_code == 404


def test_roles_are_granted_only_inside_the_subtree_and_to_visible_accounts(world, login, sub_committee):
    client = login(sub_committee)
    outside_user = _b1_secretary(world)
    response = client.post(
        f"/accounts/users/{outside_user.pk}/grants/",
        {"role": Role.BRANCH_COMMITTEE, "organization": world.a1.pk},
    )
    assert response.status_code == 404
    assert not RoleGrant.objects.filter(user=outside_user, organization=world.a1).exists()


def test_the_services_refuse_an_account_outside_scope(world, sub_committee):
    with pytest.raises(NotFound):
        user_services.user_set_active(actor=sub_committee, user=world.committee, active=False)
    grant = RoleGrant.objects.get(user=world.auditor)
    with pytest.raises(NotFound):
        user_services.grant_revoke(actor=sub_committee, grant=grant)


def test_a_grant_on_an_organisation_outside_the_subtree_is_refused_with_a_message(world, sub_committee):
    with pytest.raises(ApplicationError, match=errors.ERR_GRANT_OUTSIDE):
        user_services.grant_create(
            actor=sub_committee, user=world.member, role=Role.BRANCH_COMMITTEE, organization=world.b1
        )


def test_the_api_scopes_users_and_grants_alike(world, client, sub_committee):
    headers = auth(sub_committee)
    names = {u["username"] for u in client.get("/api/v1/users?limit=500", headers=headers).json()["items"]}
    assert "t-unit" in names and "t-committee" not in names and "t-auditor" not in names
    grants = client.get("/api/v1/role-grants?limit=500", headers=headers).json()["items"]
    assert grants and all(g["username"] not in ("t-committee", "t-auditor") for g in grants)
    root_grant = RoleGrant.objects.get(user=world.committee)
    assert client.post(f"/api/v1/role-grants/{root_grant.pk}/revoke", headers=headers).status_code == 404
    body = {"user_id": world.auditor.pk, "role": Role.BRANCH_COMMITTEE, "organization_id": world.a1.pk}
    r = client.post(
        "/api/v1/role-grants", data=json.dumps(body), content_type="application/json", headers=headers
    )
    assert r.status_code == 404
    assert not RoleGrant.objects.filter(user=world.auditor, organization=world.a1).exists()


def test_staff_and_superuser_accounts_are_for_superusers_only(world, login):
    root = User.objects.create_superuser("t-root", password=PASSWORD)
    client = login(world.committee)
    assert client.get(f"/accounts/users/{root.pk}/").status_code == 404
    assert "t-root" not in client.get("/accounts/users/").content.decode()


def test_province_committee_staff_still_manage_everyone_in_the_province(world, login, sub_committee):
    client = login(world.committee)
    for user in (sub_committee, world.auditor, world.unit_staff, world.member):
        assert client.get(f"/accounts/users/{user.pk}/").status_code == 200


def test_units_are_scoped_by_the_tree(world, login, sub_committee):
    client = login(sub_committee)
    page = client.get("/orgs/units/").content.decode()
    assert world.unit_a.name in page and world.unit_b.name not in page
    assert client.get(f"/orgs/units/{world.unit_b.pk}/edit/").status_code == 404
    assert world.unit_b.name in login(world.committee).get("/orgs/units/").content.decode()
