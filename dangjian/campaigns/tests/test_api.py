"""Campaigns through the API: figures for the caller's scope, activities and participants,
outcomes with their refusals, scope (404 outside), audited writes."""

from __future__ import annotations

from dangjian.campaigns import errors
from dangjian.campaigns.models import Deed
from dangjian.core.models import AuditEvent
from dangjian.tests.api import auth, is_chinese_error, send


def test_a_campaign_through_the_api(world, campaign, client):
    h = auth(world.committee)
    s = auth(world.secretary)
    u = auth(world.unit_staff)
    r = send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/activities",
        {"title": "支部进社区", "organization_id": world.a1.pk, "first_day": "2023-05-10"},
        s,
    )
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    pids = [world.people["member_a1"].pk, world.people["other_a1"].pk]
    r = send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/activities/{aid}/participants",
        {"person_ids": pids},
        s,
    )
    assert r.status_code == 201 and r.json()["added"] == 2
    # The secretary cannot put another unit's member on it.
    r = send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/activities/{aid}/participants",
        {"person_ids": [world.people["member_b1"].pk]},
        s,
    )
    is_chinese_error(r, 400)
    r = send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/activities",
        {"title": "教育厅进社区", "organization_id": world.b1.pk, "first_day": "2023-05-11"},
        h,
    )
    bid = r.json()["id"]
    send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/activities/{bid}/participants",
        {"person_ids": [world.people["member_b1"].pk]},
        h,
    )
    whole = client.get(f"/api/v1/campaigns/{campaign.pk}", headers=h).json()["figures"]
    mine = client.get(f"/api/v1/campaigns/{campaign.pk}", headers=u).json()["figures"]
    assert (whole["members"], whole["units"], whole["branches"]) == (3, 2, 2)
    assert (mine["members"], mine["units"], mine["branches"]) == (2, 1, 1)
    units = client.get(f"/api/v1/campaigns/{campaign.pk}/units", headers=u).json()
    assert [x["name"] for x in units] == ["省财政厅"]
    listing = client.get("/api/v1/campaigns?year=2023", headers=u).json()
    assert listing["count"] == 1 and listing["items"][0]["report_line"] == "community"


def test_outcomes_through_the_api(world, campaign, client):
    s = auth(world.secretary)
    base = f"/api/v1/campaigns/{campaign.pk}/deeds"
    r = send(
        client, "post", base, {"organization_id": world.a1.pk, "title": "修路灯", "done_on": "2023-01-05"}, s
    )
    body = is_chinese_error(r, 400)
    assert body["message"] == errors.ERR_DEED_BEFORE_CAMPAIGN.format(
        day="2023-01-05", start=campaign.first_day
    )
    assert not Deed.objects.exists()
    r = send(
        client, "post", base, {"organization_id": world.a1.pk, "title": "修路灯", "status": "planned"}, s
    )
    assert r.status_code == 201
    did = r.json()["id"]
    r = send(
        client, "patch", f"/api/v1/campaigns/deeds/{did}", {"status": "done", "done_on": "2023-06-01"}, s
    )
    assert r.status_code == 200 and r.json()["done_on"] == "2023-06-01"
    assert client.get(base, headers=s).json()["count"] == 1
    assert client.get(f"/api/v1/campaigns/{campaign.pk}", headers=s).json()["figures"]["deeds_done"] == 1
    assert AuditEvent.objects.filter(object_type="campaigns.deed").count() == 2
    r = send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/activities",
        {
            "kind": "volunteer",
            "title": "助老",
            "organization_id": world.a1.pk,
            "first_day": "2023-05-10",
            "beneficiaries": -3,
        },
        s,
    )
    assert is_chinese_error(r, 400)["message"] == errors.ERR_BENEFICIARIES
    d = send(
        client,
        "post",
        f"/api/v1/campaigns/{campaign.pk}/difficulties",
        {"organization_id": world.a1.pk, "title": "停车难", "raised_on": "2023-04-01"},
        s,
    )
    assert d.status_code == 201
    r = send(client, "patch", f"/api/v1/campaigns/difficulties/{d.json()['id']}", {"status": "solved"}, s)
    assert is_chinese_error(r, 400)["message"] == errors.ERR_DIFFICULTY_SOLVED_ON
    # Another unit does not see the branch's outcomes.
    other = auth(world.people and _other_unit_user(world))
    assert client.get(f"/api/v1/campaigns/deeds/{did}", headers=other).status_code == 404
    assert client.get(base, headers=other).json()["count"] == 0


def _other_unit_user(world):
    from dangjian.accounts.enums import Role
    from dangjian.users import services as user_services

    user, _ = user_services.user_create(
        actor=None, username="t-unit-b", display_name="b", password="Test-Passw0rd!"
    )
    user_services.grant_create(actor=None, user=user, role=Role.UNIT_STAFF, organization=world.oc_b)
    return user
