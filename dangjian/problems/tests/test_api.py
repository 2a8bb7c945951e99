"""The problem ledger through the API: create, list with queues, transitions, refusals, scope."""

from __future__ import annotations

from django.utils import timezone

from dangjian.problems.models import Problem
from dangjian.tests.api import auth, is_chinese_error, send


def test_problems_through_the_api(world, client):
    h = auth(world.committee)
    body = {
        "source": "assessment",
        "description": "组织生活会质量不高",
        "unit_id": world.unit_a.pk,
        "year": 2022,
    }
    r = send(client, "post", "/api/v1/problems", body, h)
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert r.json()["status"] == "assigned" and r.json()["raised_by"]["name"] == "省直机关工委"
    u = auth(world.unit_staff)
    r = client.get(f"/api/v1/problems/{pid}", headers=u)
    assert r.json()["next_steps"] == ["start"]
    r = send(client, "post", f"/api/v1/problems/{pid}/transitions", {"name": "verify"}, u)
    is_chinese_error(r, 422 if r.status_code == 422 else 400)
    assert (
        send(client, "post", f"/api/v1/problems/{pid}/transitions", {"name": "start"}, u).status_code == 200
    )
    r = send(client, "post", f"/api/v1/problems/{pid}/transitions", {"name": "submit", "note": "已整改"}, u)
    assert r.json()["status"] == "submitted"
    r = send(client, "post", f"/api/v1/problems/{pid}/transitions", {"name": "verify"}, u)
    body = is_chinese_error(r, 403)
    assert "交办" in body["message"]
    r = send(client, "post", f"/api/v1/problems/{pid}/transitions", {"name": "verify"}, h)
    assert r.json()["status"] == "closed"
    events = client.get(f"/api/v1/problems/{pid}/timeline", headers=h).json()
    assert [e["transition"] for e in events] == ["create", "start", "submit", "verify"]
    r = client.get("/api/v1/problems?status=closed", headers=u).json()
    assert r["count"] == 1 and r["items"][0]["id"] == pid
    progress = client.get("/api/v1/problems/progress", headers=h).json()
    assert progress == [
        {
            "unit_id": world.unit_a.pk,
            "unit_name": "省财政厅",
            "subordinate": False,
            "total": 1,
            "closed": 1,
            "submitted": 0,
            "open": 0,
            "overdue": 0,
            "rate": 100.0,
        }
    ]


def test_api_refusals_are_chinese_and_write_nothing(world, client):
    h = auth(world.committee)
    r = send(
        client,
        "post",
        "/api/v1/problems",
        {"source": "assessment", "description": " ", "unit_id": world.unit_a.pk},
        h,
    )
    is_chinese_error(r, 422)
    r = send(
        client, "post", "/api/v1/problems", {"source": "x", "description": "d", "unit_id": world.unit_a.pk}, h
    )
    is_chinese_error(r, 422)
    u = auth(world.unit_staff)
    r = send(
        client,
        "post",
        "/api/v1/problems",
        {"source": "survey", "description": "d", "unit_id": world.unit_b.pk},
        u,
    )
    assert r.status_code == 404
    r = send(
        client,
        "post",
        "/api/v1/problems",
        {"source": "survey", "description": "d", "unit_id": world.unit_a.pk},
        auth(world.secretary),
    )
    assert r.status_code in (403, 404)
    assert not Problem.objects.exists()


def test_queue_counts_and_overdue_filter(world, client):
    h = auth(world.committee)
    send(
        client,
        "post",
        "/api/v1/problems",
        {"source": "survey", "description": "旧问题", "unit_id": world.unit_a.pk, "found_on": "2023-01-05"},
        h,
    )
    send(
        client,
        "post",
        "/api/v1/problems",
        {
            "source": "survey",
            "description": "新问题",
            "unit_id": world.unit_a.pk,
            "found_on": timezone.localdate().isoformat(),
        },
        h,
    )
    counts = client.get("/api/v1/problems/queues", headers=h).json()
    assert counts["overdue"] == 1 and counts["open"] == 2
    items = client.get("/api/v1/problems?queue=overdue", headers=h).json()["items"]
    assert [i["description"] for i in items] == ["旧问题"]
    r = client.get("/api/v1/problems/export.xlsx", headers=h)
    assert r.status_code == 200 and r.content[:2] == b"PK"
