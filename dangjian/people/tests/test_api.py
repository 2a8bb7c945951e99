"""API: members, people, memberships, posts, export/import jobs, scoped like the pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.idnumber import synthetic
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.people import errors, exports, imports
from dangjian.people.models import CadrePost, MembershipPeriod, Person
from dangjian.people.tests.test_import import row, workbook
from dangjian.tests.api import auth, send
from dangjian.tests.personas import make_person

NOT_FOUND = "对象不存在或不在您的权限范围内。"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(m["name"] for m in response.json()["items"])


def new_person_body(world, **over) -> dict:
    body = {
        "name": "周八",
        "id_number": synthetic(dt.date(1990, 1, 2), "M", 21),
        "organization_id": world.a1.pk,
        "education": "bachelor",
        "status": "probationary",
        "membership": {"applied_on": "2015-01-01", "admitted_on": "2016-07-01"},
        "phone": "13900001111",
    }
    body.update(over)
    return body


# --- member list and detail ------------------------------------------------------------------


def test_the_list_is_paginated_and_masks_id_numbers(world, client):
    r = client.get("/api/v1/members?limit=2", headers=auth(world.committee))
    data = r.json()
    assert set(data) == {"items", "count"} and data["count"] == 5 and len(data["items"]) == 2
    item = data["items"][0]
    assert "*" in item["id_masked"] and "id_number" not in item and "id_enc" not in item
    assert client.get("/api/v1/members?limit=5000", headers=auth(world.committee)).json()["count"] == 5


def test_a_branch_secretary_never_sees_the_other_branch(world, client):
    headers = auth(world.secretary)
    assert names(client.get("/api/v1/members", headers=headers)) == ["张三", "李四"]
    b1 = world.people["member_b1"].pk
    for url in (f"/api/v1/members/{b1}", f"/api/v1/members/{b1}/history", f"/api/v1/members/{b1}/posts"):
        r = client.get(url, headers=headers)
        assert r.status_code == 404 and r.json()["message"] == NOT_FOUND, url
    assert client.post(f"/api/v1/members/{b1}/reveal-id", headers=headers).status_code == 404
    assert client.get(f"/api/v1/members?org={world.b1.pk}", headers=headers).status_code == 404
    assert client.get("/api/v1/members?q=孙七", headers=headers).json()["count"] == 0


def test_a_member_sees_only_themselves(world, client):
    headers = auth(world.member)
    assert names(client.get("/api/v1/members", headers=headers)) == ["张三"]
    assert client.get(f"/api/v1/members/{world.people['other_a1'].pk}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/members/{world.people['member_a1'].pk}", headers=headers).status_code == 200


def test_filters_work_like_the_list_page(world, client):
    headers = auth(world.committee)
    assert names(client.get("/api/v1/members?status=probationary", headers=headers)) == ["李四"]
    assert names(client.get("/api/v1/members?gender=F", headers=headers)) == ["李四"]
    assert names(client.get(f"/api/v1/members?org={world.oc_a.pk}&q=赵", headers=headers)) == ["赵六"]
    tail = Person.objects.get(name="王五").id_tail
    assert names(client.get(f"/api/v1/members?q={tail}", headers=headers)) == ["王五"]
    assert client.get("/api/v1/members?org=abc", headers=headers).status_code == 422


def test_the_member_list_costs_the_same_queries_for_1_and_50_rows(world, client):
    headers = auth(world.secretary)
    Person.objects.exclude(organization=world.a1).delete()
    Person.objects.filter(name="李四").delete()
    client.get("/api/v1/members", headers=headers)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/members", headers=headers).json()["count"] == 1
    for i in range(49):
        make_person(world.a1, f"成员{i}", seq=100 + i)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/members", headers=headers).json()["items"]) == 50
    assert len(many) == len(one)


def test_the_detail_has_membership_dates_party_age_org_and_unit(world, client):
    p = world.people["member_a1"]
    data = client.get(f"/api/v1/members/{p.pk}", headers=auth(world.auditor)).json()
    assert data["organization"] == {"id": world.a1.pk, "name": world.a1.name}
    assert data["unit"]["id"] == world.unit_a.pk
    assert data["membership"]["full_on"] == "2011-07-01"
    assert data["membership"]["party_age"] >= 14
    assert data["id_masked"] == p.id_masked and data["can_reveal_id"] is False


def test_history_and_posts_are_lists(world, client):
    p = world.people["member_a1"]
    CadrePost.objects.create(
        person=p, organization=world.a1, post="secretary", started_on=dt.date(2020, 1, 1)
    )
    headers = auth(world.secretary)
    history = client.get(f"/api/v1/members/{p.pk}/history", headers=headers).json()
    assert history["count"] == 1 and history["items"][0]["status"] == "full"
    posts = client.get(f"/api/v1/members/{p.pk}/posts", headers=headers).json()
    assert posts["count"] == 1 and posts["items"][0]["post_label"] == "书记"


# --- revealing an ID number ------------------------------------------------------------------


def test_a_permitted_role_reveals_the_id_number_and_it_is_logged(world, client):
    p = world.people["member_a1"]
    r = client.post(f"/api/v1/members/{p.pk}/reveal-id", headers=auth(world.secretary))
    assert r.status_code == 200
    assert r.json()["id_number"] == synthetic(dt.date(1985, 5, 5), "M", 1)
    assert "no-store" in r["Cache-Control"]
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS, object_id=str(p.pk), actor=world.secretary
    ).exists()


@pytest.mark.parametrize("persona", ["branch_committee", "auditor"])
def test_other_roles_get_403_on_reveal(world, client, persona):
    p = world.people["member_a1"]
    r = client.post(f"/api/v1/members/{p.pk}/reveal-id", headers=auth(getattr(world, persona)))
    assert r.status_code == 403 and r.json()["message"]
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS, object_id=str(p.pk)).exists()


# --- people writes ---------------------------------------------------------------------------


def test_a_secretary_registers_a_person_with_membership(world, client):
    r = send(client, "post", "/api/v1/people", new_person_body(world), auth(world.secretary))
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["status"] == "probationary" and data["unit"]["id"] == world.unit_a.pk
    assert data["phone_masked"] == "139****1111"
    person = Person.objects.get(pk=data["id"])
    assert MembershipPeriod.objects.filter(person=person).count() == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.person", object_id=str(person.pk)
    ).exists()


@pytest.mark.parametrize(
    "over, field",
    [
        ({"id_number": "110101199001021234"}, "id_number"),
        ({"status": "full"}, "full_on"),
        ({"phone": "12345"}, "phone"),
        ({"membership": {"applied_on": "2099-01-01", "admitted_on": "2099-07-01"}}, "applied_on"),
    ],
)
def test_service_validation_is_a_400_naming_the_field(world, client, over, field):
    r = send(client, "post", "/api/v1/people", new_person_body(world, **over), auth(world.secretary))
    assert r.status_code == 400, r.content
    assert r.json()["message"] and r.json()["extra"]["field"] == field
    assert not Person.objects.filter(name="周八").exists()


def test_a_duplicate_id_number_is_refused(world, client):
    body = new_person_body(world, id_number=synthetic(dt.date(1985, 5, 5), "M", 1))
    r = send(client, "post", "/api/v1/people", body, auth(world.secretary))
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_ID_DUPLICATE.format(name="张三")


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x"},
        {"education": "bachelor", "name": 1, "id_number": "x", "organization_id": 1},
        {"education": "phd", "name": "x", "id_number": "x", "organization_id": 1},
        {"education": "bachelor", "name": "x", "id_number": "x", "organization_id": "one"},
        {"education": "bachelor", "name": "x" * 51, "id_number": "x", "organization_id": 1},
        {"education": "bachelor", "name": "x", "id_number": "x", "organization_id": 1, "membership": "2020"},
    ],
)
def test_wrong_types_are_a_422_with_a_message(world, client, body):
    r = send(client, "post", "/api/v1/people", body, auth(world.secretary))
    assert r.status_code == 422
    assert r.json()["message"] and r.json()["extra"]["errors"]


def test_malformed_json_is_a_400(world, client):
    r = client.post(
        "/api/v1/people", data='{"name": ', content_type="application/json", headers=auth(world.secretary)
    )
    assert r.status_code == 400 and r.json()["message"]


def test_people_cannot_be_registered_outside_scope_or_by_readers(world, client):
    r = send(
        client,
        "post",
        "/api/v1/people",
        new_person_body(world, organization_id=world.b1.pk),
        auth(world.secretary),
    )
    assert r.status_code == 404
    for persona in ("auditor", "member"):
        r = send(client, "post", "/api/v1/people", new_person_body(world), auth(getattr(world, persona)))
        assert r.status_code == 403, persona
    assert not Person.objects.filter(name="周八").exists()


def test_update_membership_transfer_and_posts(world, client):
    headers = auth(world.unit_staff)
    p = world.people["other_a1"]
    r = send(
        client, "patch", f"/api/v1/people/{p.pk}", {"position": "科长", "native_place": "辽宁沈阳"}, headers
    )
    assert r.status_code == 200 and r.json()["position"] == "科长"
    r = send(
        client,
        "post",
        f"/api/v1/people/{p.pk}/membership",
        {"status": "full", "full_on": "2024-01-01"},
        headers,
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "full"
    r = send(
        client,
        "post",
        f"/api/v1/people/{p.pk}/transfer",
        {"target_id": world.a3.pk, "on": "2024-06-01"},
        headers,
    )
    assert r.status_code == 200 and r.json()["organization"]["id"] == world.a3.pk
    r = send(
        client,
        "post",
        f"/api/v1/people/{p.pk}/posts",
        {"organization_id": world.a3.pk, "post": "secretary", "started_on": "2024-06-01"},
        headers,
    )
    assert r.status_code == 201, r.content
    post_id = r.json()["id"]
    r = send(
        client,
        "post",
        f"/api/v1/posts/{post_id}/end",
        {"ended_on": "2024-12-31", "reason": "term_end"},
        headers,
    )
    assert r.status_code == 200 and r.json()["ended_on"] == "2024-12-31"
    r = send(
        client,
        "post",
        f"/api/v1/posts/{post_id}/end",
        {"ended_on": "2024-12-31", "reason": "term_end"},
        headers,
    )
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_POST_ENDED
    assert AuditEvent.objects.filter(actor=world.unit_staff).exclude(action=AuditAction.LOGIN).count() == 6
    history = client.get(f"/api/v1/members/{p.pk}/history", headers=headers).json()
    assert history["count"] == 3


def test_writes_on_the_other_branch_are_404_and_readers_get_403(world, client):
    b1 = world.people["member_b1"]
    a1 = world.people["member_a1"]
    sec = auth(world.secretary)
    assert send(client, "patch", f"/api/v1/people/{b1.pk}", {"position": "x"}, sec).status_code == 404
    assert (
        send(client, "post", f"/api/v1/people/{b1.pk}/membership", {"status": "full"}, sec).status_code == 404
    )
    r = send(client, "post", f"/api/v1/people/{a1.pk}/transfer", {"target_id": world.b1.pk}, sec)
    assert r.status_code == 404
    r = send(client, "post", f"/api/v1/people/{a1.pk}/transfer", {"target_id": world.a2.pk}, sec)
    assert r.status_code == 404  # a2 is outside the a1 secretary's scope too
    post = CadrePost.objects.create(
        person=b1, organization=world.b1, post="secretary", started_on=dt.date(2020, 1, 1)
    )
    r = send(
        client, "post", f"/api/v1/posts/{post.pk}/end", {"ended_on": "2021-01-01", "reason": "other"}, sec
    )
    assert r.status_code == 404
    for persona in ("auditor", "member"):
        headers = auth(getattr(world, persona))
        assert send(client, "patch", f"/api/v1/people/{a1.pk}", {"position": "x"}, headers).status_code == 403
    a1.refresh_from_db()
    assert a1.position == "" and a1.organization_id == world.a1.pk


def test_patch_refuses_null_for_required_fields_and_unknown_fields(world, client):
    p = world.people["member_a1"]
    headers = auth(world.secretary)
    assert send(client, "patch", f"/api/v1/people/{p.pk}", {"name": None}, headers).status_code == 422
    r = send(client, "patch", f"/api/v1/people/{p.pk}", {"organization_id": world.a2.pk}, headers)
    assert r.status_code == 422 and "organization_id" in r.json()["message"]
    assert client.get("/api/v1/members/99999999", headers=headers).status_code == 404
    assert client.get(f"/api/v1/members/{2**70}", headers=headers).status_code == 422


# --- jobs: export and import -----------------------------------------------------------------


def test_the_export_runs_as_the_creators_job(world, client):
    headers = auth(world.secretary)
    r = send(client, "post", "/api/v1/members/export", {"filters": {"status": "full"}}, headers)
    assert r.status_code == 202, r.content
    job = r.json()
    assert job["kind"] == exports.KIND and job["status"] == "done"
    assert Job.objects.get(pk=job["id"]).params == {
        "filters": {"status": "full", "sort": "name"},
        "full_ids": False,
    }
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=headers).json()["status"] == "done"
    r = client.get(f"/api/v1/jobs/{job['id']}/download", headers=headers)
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert "no-store" in r["Cache-Control"]
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=auth(world.committee)).status_code == 404
    assert client.get(f"/api/v1/jobs/{job['id']}/download", headers=auth(world.unit_staff)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.secretary).exists()


def test_the_export_refuses_other_branches_and_full_ids_for_unpermitted_roles(world, client):
    r = send(
        client, "post", "/api/v1/members/export", {"filters": {"org": world.b1.pk}}, auth(world.secretary)
    )
    assert r.status_code == 404
    r = send(client, "post", "/api/v1/members/export", {"full_ids": True}, auth(world.branch_committee))
    assert r.status_code == 403
    assert not Job.objects.filter(kind=exports.KIND).exists()


def test_the_roster_import_refuses_junk_with_a_message(world, client):
    headers = auth(world.secretary)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/api/v1/imports/roster", {"file": SimpleUploadedFile("x.xlsx", b"junk" * 100)}, headers=headers
    )
    assert r.status_code == 400 and r.json()["message"]
    r = client.post("/api/v1/imports/roster", headers=headers)
    assert r.status_code == 422 and "file" in r.json()["message"]
    assert client.post("/api/v1/imports/roster/99999/commit", headers=headers).status_code == 404


def test_the_roster_import_validates_then_commits(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    headers = auth(world.secretary)
    data = workbook([row(1, 姓名="导入人")])
    r = client.post(
        "/api/v1/imports/roster", {"file": SimpleUploadedFile("名册.xlsx", data)}, headers=headers
    )
    assert r.status_code == 202, r.content
    job = r.json()
    assert job["kind"] == imports.VALIDATE_KIND and job["status"] == "done", job
    assert job["result"]["create"] == 1 and not Person.objects.filter(name="导入人").exists()
    assert (
        client.post(f"/api/v1/imports/roster/{job['id']}/commit", headers=auth(world.unit_staff)).status_code
        == 404
    )
    r = client.post(f"/api/v1/imports/roster/{job['id']}/commit", headers=headers)
    assert r.status_code == 202, r.content
    assert r.json()["kind"] == imports.COMMIT_KIND and r.json()["status"] == "done", r.json()
    assert Person.objects.get(name="导入人").organization_id == world.a1.pk
    r = client.post(f"/api/v1/imports/roster/{job['id']}/commit", headers=headers)
    assert r.status_code == 400 and r.json()["message"]  # committed once only


def test_reads_leave_no_audit_rows_but_writes_do(world, client):
    headers = auth(world.committee)
    before = AuditEvent.objects.count()
    client.get("/api/v1/members", headers=headers)
    client.get(f"/api/v1/members/{world.people['member_a1'].pk}", headers=headers)
    assert AuditEvent.objects.count() == before
    send(client, "patch", f"/api/v1/people/{world.people['member_a1'].pk}", {"position": "处长"}, headers)
    assert AuditEvent.objects.count() == before + 1
