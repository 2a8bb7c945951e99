"""Writes repeated by accident take effect once: `Idempotency-Key` on API writes, a one-time token
on forms; a key belongs to its owner (another user's same key is their own request)."""

from __future__ import annotations

import re

from dangjian.core.middleware import ERR_IN_PROGRESS, ERR_KEY_REUSED, FORM_TOKEN_FIELD, MSG_REPLAYED
from dangjian.core.models import IdempotencyKey
from dangjian.meetings.models import Meeting
from dangjian.meetings.tests.test_meeting_views import form_data
from dangjian.tests.api import auth, send


def body(world, org=None, **over) -> dict:
    return {
        "organization_id": (org or world.a1).pk,
        "kind": "general_meeting",
        "title": "接收预备党员",
        "held_at": "2024-03-05T14:30:00+08:00",
        "status": "held",
        **over,
    }


def post(client, data, headers, key):
    return send(client, "post", "/api/v1/meetings", data, {**headers, "Idempotency-Key": key})


def test_a_repeated_api_write_with_the_same_key_creates_one_meeting(world, client):
    h = auth(world.secretary)
    first = post(client, body(world), h, "k-1")
    again = post(client, body(world), h, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again["Idempotent-Replayed"] == "true"
    assert Meeting.objects.count() == 1
    assert post(client, body(world), h, "k-2").status_code == 201  # a new key is a new meeting
    assert Meeting.objects.count() == 2


def test_the_same_key_with_another_body_is_refused(world, client):
    h = auth(world.secretary)
    post(client, body(world), h, "k-1")
    response = post(client, body(world, title="另一次会议"), h, "k-1")
    assert response.status_code == 422 and response.json()["message"] == ERR_KEY_REUSED
    assert Meeting.objects.count() == 1


def test_a_repeat_while_the_first_still_runs_is_told_so_and_writes_nothing(world, client):
    h = auth(world.secretary)
    owner = "bearer:" + __import__("hashlib").sha256(h["Authorization"][7:].encode()).hexdigest()
    IdempotencyKey.objects.create(owner=owner, key="k-1", fingerprint="x")
    response = post(client, body(world), h, "k-1")
    assert response.status_code == 409 and response.json()["message"] == ERR_IN_PROGRESS
    assert not Meeting.objects.exists()


def test_a_refused_write_releases_its_key(world, client):
    h = auth(world.secretary)
    assert post(client, body(world, org=world.b1), h, "k-1").status_code == 404  # the other branch
    assert post(client, body(world), h, "k-1").status_code == 201
    assert Meeting.objects.count() == 1


def test_another_users_same_key_is_their_own_request(world, client):
    mine = post(client, body(world), auth(world.secretary), "shared")
    theirs = post(client, body(world, org=world.b1), auth(world.committee), "shared")
    assert theirs.status_code == 201 and theirs.json()["id"] != mine.json()["id"]
    assert "Idempotent-Replayed" not in theirs
    other_branch = post(client, body(world), auth(world.unit_staff), "shared")  # no replay of a1's answer
    assert other_branch.status_code == 201 and other_branch.json()["id"] not in (
        mine.json()["id"],
        theirs.json()["id"],
    )


def test_a_form_submitted_twice_saves_once(world, login):
    client = login(world.secretary)
    page = client.get(f"/meetings/new/?org={world.a1.pk}").content.decode()
    found = re.search(rf'name="{FORM_TOKEN_FIELD}" value="([^"]+)"', page)
    assert found is not None
    token = found.group(1)
    data = form_data(**{FORM_TOKEN_FIELD: token})
    first = client.post(f"/meetings/new/?org={world.a1.pk}", data)
    again = client.post(f"/meetings/new/?org={world.a1.pk}", data, follow=True)
    assert first.status_code == 302 and again.redirect_chain[0][0] == first["Location"]
    assert MSG_REPLAYED in again.content.decode()
    assert Meeting.objects.count() == 1
    found = re.search(
        rf'name="{FORM_TOKEN_FIELD}" value="([^"]+)"',
        client.get(f"/meetings/new/?org={world.a1.pk}").content.decode(),
    )
    assert found is not None
    fresh = found.group(1)
    assert fresh != token
