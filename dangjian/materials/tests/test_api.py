"""Study materials through the API: records, distributions, refusals and scope, audited."""

from dangjian.core.models import AuditEvent
from dangjian.tests.api import auth, is_chinese_error, send


def test_study_materials_through_the_api(world, client):
    h = auth(world.committee)
    r = send(
        client, "post", "/api/v1/study-materials", {"title": "党章", "year": 2024, "ordered_copies": 100}, h
    )
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    r = send(
        client,
        "post",
        f"/api/v1/study-materials/{mid}/distributions",
        {"unit_id": world.unit_a.pk, "copies": 30, "distributed_on": "2024-03-01"},
        h,
    )
    assert r.status_code == 201 and r.json()["copies"] == 30
    rows = client.get("/api/v1/study-materials?year=2024", headers=h).json()["items"]
    assert [(m["title"], m["distributed"], m["remaining"]) for m in rows] == [("党章", 30, 70)]
    r = send(
        client,
        "post",
        f"/api/v1/study-materials/{mid}/distributions",
        {"unit_id": world.unit_a.pk, "copies": 0},
        h,
    )
    is_chinese_error(r, 422)
    s = auth(world.secretary)
    assert send(client, "post", "/api/v1/study-materials", {"title": "x", "year": 2024}, s).status_code == 403
    r = send(
        client,
        "post",
        f"/api/v1/study-materials/{mid}/distributions",
        {"unit_id": world.unit_b.pk, "copies": 1},
        s,
    )
    assert r.status_code == 404
    assert (
        AuditEvent.objects.filter(
            object_type__in=["materials.studymaterial", "materials.materialdistribution"]
        ).count()
        == 2
    )
