"""API: organisations and units, scoped like the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.models import AuditAction, AuditEvent
from dangjian.organizations import errors
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.tests.api import auth, send
from dangjian.tests.personas import make_person


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [o["name"] for o in response.json()["items"]]


# --- reads -----------------------------------------------------------------------------------


def test_the_list_is_paginated_as_items_and_count(world, client):
    r = client.get("/api/v1/organizations?limit=2&offset=1", headers=auth(world.committee))
    data = r.json()
    assert set(data) == {"items", "count"}
    assert data["count"] == 9 and len(data["items"]) == 2
    assert data["items"][0]["name"] == world.oc_a.name  # ordered by path: root, oc_a, a1, ...


def test_a_branch_secretary_sees_only_their_branch(world, client):
    headers = auth(world.secretary)
    assert sorted(names(client.get("/api/v1/organizations", headers=headers))) == sorted(
        [world.a1.name, world.g1.name]
    )
    for org in (world.b1, world.oc_b, world.a2, world.root):
        r = client.get(f"/api/v1/organizations/{org.pk}", headers=headers)
        assert r.status_code == 404, org
        assert r.json()["message"] == "对象不存在或不在您的权限范围内。"
        assert client.get(f"/api/v1/organizations/{org.pk}/children", headers=headers).status_code == 404
    assert client.get(f"/api/v1/organizations?under={world.b1.pk}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/organizations?parent={world.oc_b.pk}", headers=headers).status_code == 404


def test_unit_staff_see_their_unit_only(world, client):
    got = names(client.get("/api/v1/organizations", headers=auth(world.unit_staff)))
    assert world.b1.name not in got and world.oc_b.name not in got
    assert world.a3.name in got


def test_a_member_sees_only_their_own_organisation(world, client):
    assert names(client.get("/api/v1/organizations", headers=auth(world.member))) == [world.a1.name]


def test_filters_kind_q_parent_and_under(world, client):
    headers = auth(world.committee)
    assert sorted(names(client.get("/api/v1/organizations?kind=branch", headers=headers))) == sorted(
        [world.a1.name, world.a2.name, world.a3.name, world.b1.name]
    )
    assert names(client.get("/api/v1/organizations?q=教育厅第一", headers=headers)) == [world.b1.name]
    assert names(client.get(f"/api/v1/organizations?parent={world.ga.pk}", headers=headers)) == [
        world.a3.name
    ]
    assert len(names(client.get(f"/api/v1/organizations?under={world.oc_a.pk}", headers=headers))) == 6
    r = client.get("/api/v1/organizations?kind=castle", headers=headers)
    assert r.status_code == 422 and "kind" in r.json()["message"]


def test_detail_and_children_carry_counts_and_secretary(world, client):
    headers = auth(world.unit_staff)
    r = client.get(f"/api/v1/organizations/{world.oc_a.pk}", headers=headers)
    assert r.json()["member_count"] == 4 and r.json()["has_children"]
    r = client.get(f"/api/v1/organizations/{world.oc_a.pk}/children", headers=headers)
    children = {c["name"]: c for c in r.json()["items"]}
    assert set(children) == {world.a1.name, world.a2.name, world.ga.name}
    assert children[world.a1.name]["member_count"] == 2


def test_the_children_list_costs_the_same_queries_for_1_and_many_nodes(world, client):
    headers = auth(world.committee)
    url = f"/api/v1/organizations/{world.ga.pk}/children"
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as one:
        client.get(url, headers=headers)
    for i in range(10):
        PartyOrganization.objects.create(
            name=f"支部{i}",
            kind=OrgKind.BRANCH,
            unit=world.unit_a,
            parent=world.ga,
            path=world.ga.path + f"{i + 2:04d}",
            depth=world.ga.depth + 1,
            root=world.root,
        )
    with CaptureQueriesContext(connection) as many:
        r = client.get(url, headers=headers)
    assert r.json()["count"] == 11
    assert len(many) == len(one)


def test_units_are_scoped(world, client):
    r = client.get("/api/v1/units", headers=auth(world.secretary))
    assert names(r) == [world.unit_a.name]
    assert client.get(f"/api/v1/units/{world.unit_b.pk}", headers=auth(world.secretary)).status_code == 404
    assert client.get(f"/api/v1/units/{world.unit_b.pk}", headers=auth(world.committee)).status_code == 200


# --- writes ----------------------------------------------------------------------------------


def test_committee_staff_create_update_move_and_dissolve_with_audit(world, client):
    headers = auth(world.committee)
    r = send(
        client,
        "post",
        "/api/v1/organizations",
        {
            "name": "省教育厅第二党支部",
            "kind": "branch",
            "unit_id": world.unit_b.pk,
            "parent_id": world.oc_b.pk,
            "established_on": "2020-01-01",
        },
        headers,
    )
    assert r.status_code == 201, r.content
    new_id = r.json()["id"]
    assert r.json()["parent_id"] == world.oc_b.pk
    r = send(
        client,
        "patch",
        f"/api/v1/organizations/{new_id}",
        {"name": "省教育厅第二支部", "term_started_on": "2021-01-01"},
        headers,
    )
    assert r.status_code == 200 and r.json()["name"] == "省教育厅第二支部"
    r = send(client, "post", f"/api/v1/organizations/{new_id}/move", {"parent_id": world.oc_a.pk}, headers)
    assert r.status_code == 200 and r.json()["parent_id"] == world.oc_a.pk
    assert r.json()["path"].startswith(world.oc_a.path)
    r = send(client, "post", f"/api/v1/organizations/{new_id}/dissolve", {}, headers)
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert (
        AuditEvent.objects.filter(
            object_type="organizations.partyorganization", object_id=str(new_id)
        ).count()
        == 4
    )


def test_merge_moves_the_people_and_dissolves_the_source(world, client):
    r = send(
        client,
        "post",
        f"/api/v1/organizations/{world.a2.pk}/merge",
        {"target_id": world.a1.pk},
        auth(world.committee),
    )
    assert r.status_code == 200, r.content
    assert r.json()["id"] == world.a1.pk and r.json()["member_count"] == 3
    world.a2.refresh_from_db()
    assert not world.a2.is_active
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(world.a1.pk)).exists()


def test_service_rules_come_back_as_400_with_the_message(world, client):
    headers = auth(world.committee)
    r = send(
        client, "post", f"/api/v1/organizations/{world.oc_a.pk}/move", {"parent_id": world.a1.pk}, headers
    )
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_MOVE_INTO_SELF
    r = send(client, "post", f"/api/v1/organizations/{world.a1.pk}/dissolve", {}, headers)
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_DISSOLVE_HAS_CHILDREN
    r = send(
        client, "post", f"/api/v1/organizations/{world.a1.pk}/merge", {"target_id": world.a1.pk}, headers
    )
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_MERGE_SAME
    r = send(
        client,
        "patch",
        f"/api/v1/organizations/{world.a1.pk}",
        {"term_started_on": "2022-01-01", "term_ends_on": "2021-01-01"},
        headers,
    )
    assert r.status_code == 400 and r.json()["extra"]["field"] == "term_ends_on"
    r = send(client, "patch", f"/api/v1/organizations/{world.a1.pk}", {"name": None}, headers)
    assert r.status_code == 422 and "name" in r.json()["message"]
    r = send(client, "patch", f"/api/v1/organizations/{world.a1.pk}", {"sort_order": -1}, headers)
    assert r.status_code == 422 and "sort_order" in r.json()["message"]
    r = send(
        client,
        "post",
        "/api/v1/organizations",
        {
            "name": "x",
            "kind": "branch",
            "unit_id": world.unit_a.pk,
            "parent_id": world.oc_a.pk,
            "established_on": "2023-02-30",
        },
        headers,
    )
    assert r.status_code == 422 and "established_on" in r.json()["message"]


@pytest.mark.parametrize("persona", ["unit_staff", "secretary", "auditor", "member"])
def test_tree_writes_are_refused_for_everyone_but_committee_staff(world, client, persona):
    headers = auth(getattr(world, persona))
    before = AuditEvent.objects.count()
    attempts = [
        send(
            client,
            "post",
            "/api/v1/organizations",
            {"name": "x", "kind": "party_group", "unit_id": world.unit_a.pk, "parent_id": world.a1.pk},
            headers,
        ),
        send(client, "patch", f"/api/v1/organizations/{world.a1.pk}", {"name": "改名"}, headers),
        send(client, "post", f"/api/v1/organizations/{world.g1.pk}/dissolve", {}, headers),
        send(
            client, "post", f"/api/v1/organizations/{world.g1.pk}/move", {"parent_id": world.a1.pk}, headers
        ),
        send(client, "post", "/api/v1/units", {"name": "新单位"}, headers),
        send(client, "patch", f"/api/v1/units/{world.unit_a.pk}", {"name": "改名"}, headers),
    ]
    # 404 where the persona cannot even see the node (a member does not see party group g1).
    expected = [403, 403, 404, 404, 403, 403] if persona == "member" else [403] * 6
    assert [r.status_code for r in attempts] == expected
    assert all(r.json()["message"] for r in attempts)
    assert AuditEvent.objects.count() == before
    world.a1.refresh_from_db()
    assert world.a1.name != "改名" and not Unit.objects.filter(name="新单位").exists()


def test_writes_on_the_other_branch_are_404(world, client):
    headers = auth(world.secretary)
    r = send(client, "patch", f"/api/v1/organizations/{world.b1.pk}", {"name": "改名"}, headers)
    assert r.status_code == 404
    r = send(
        client, "post", f"/api/v1/organizations/{world.a1.pk}/merge", {"target_id": world.b1.pk}, headers
    )
    assert r.status_code == 404


def test_committee_staff_manage_units(world, client):
    headers = auth(world.committee)
    r = send(
        client,
        "post",
        "/api/v1/units",
        {"name": "省财政厅信息中心", "category": "subordinate", "parent_id": world.unit_a.pk},
        headers,
    )
    assert r.status_code == 201, r.content
    unit_id = r.json()["id"]
    assert r.json()["parent_id"] == world.unit_a.pk
    r = send(
        client, "patch", f"/api/v1/units/{unit_id}", {"short_name": "信息中心", "parent_id": None}, headers
    )
    assert r.status_code == 200 and r.json()["parent_id"] is None
    r = send(client, "patch", f"/api/v1/units/{world.unit_a.pk}", {"parent_id": unit_id}, headers)
    assert r.status_code == 200
    r = send(client, "patch", f"/api/v1/units/{unit_id}", {"parent_id": world.unit_a.pk}, headers)
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_UNIT_PARENT_SELF
    r = send(client, "post", "/api/v1/units", {"name": world.unit_b.name}, headers)
    assert r.status_code == 400 and r.json()["extra"]["field"] == "name"
    r = send(client, "post", "/api/v1/units", {"name": "   "}, headers)
    assert r.status_code == 422
    assert AuditEvent.objects.filter(object_type="organizations.unit", object_id=str(unit_id)).count() == 2


def test_a_new_member_appears_in_the_counts(world, client):
    make_person(world.a2, "新人", seq=9)
    r = client.get(f"/api/v1/organizations/{world.a2.pk}", headers=auth(world.unit_staff))
    assert r.json()["member_count"] == 2
