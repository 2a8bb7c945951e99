"""API tokens end: after their lifetime, on revocation by their user, and when the password, the
account's state or its roles change."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from dangjian.accounts import services
from dangjian.accounts.enums import Role
from dangjian.accounts.models import ApiToken
from dangjian.accounts.tests.test_api import post_json
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.api import auth
from dangjian.tests.personas import PASSWORD
from dangjian.users import services as user_services


def test_a_token_is_issued_with_a_name_and_an_expiry_from_the_setting(world, client, settings):
    settings.API_TOKEN_TTL = dt.timedelta(hours=3)
    body = {"username": "t-secretary", "password": PASSWORD, "name": "报表脚本"}
    r = post_json(client, "/api/v1/auth/token", body)
    assert r.status_code == 200 and r.json()["name"] == "报表脚本"
    token = ApiToken.objects.get(user=world.secretary, name="报表脚本")
    assert token.expires_at - token.created_at == dt.timedelta(hours=3)
    shown = dt.datetime.fromisoformat(r.json()["expires_at"])
    assert shown == token.expires_at.replace(microsecond=token.expires_at.microsecond // 1000 * 1000)


def test_the_default_lifetime_is_twelve_hours(world):
    token, _key = services.token_create(actor=world.secretary, user=world.secretary, name="t")
    assert token.expires_at - token.created_at == dt.timedelta(hours=12)


def test_an_expired_token_is_refused(world, client):
    token, key = services.token_create(actor=world.secretary, user=world.secretary, name="t")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/members", headers=headers).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/members", headers=headers).status_code == 401


def test_a_user_lists_and_revokes_their_own_tokens_by_api(world, client):
    other, _ = services.token_create(actor=world.secretary, user=world.secretary, name="旧脚本")
    headers = auth(world.secretary)
    r = client.get("/api/v1/auth/tokens", headers=headers)
    assert r.status_code == 200 and {t["name"] for t in r.json()["items"]} == {"旧脚本", "测试"}
    assert all("token" not in t and t["status"] == "有效" for t in r.json()["items"])
    r = post_json(client, f"/api/v1/auth/tokens/{other.pk}/revoke", {}, headers=headers)
    assert r.status_code == 200 and r.json()["status"] == "已撤销"
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE, object_id=str(other.pk)).exists()


def test_nobody_sees_or_revokes_another_users_token(world, client):
    theirs, _ = services.token_create(actor=world.unit_staff, user=world.unit_staff, name="单位脚本")
    headers = auth(world.committee)
    names = {t["name"] for t in client.get("/api/v1/auth/tokens", headers=headers).json()["items"]}
    assert "单位脚本" not in names
    assert (
        post_json(client, f"/api/v1/auth/tokens/{theirs.pk}/revoke", {}, headers=headers).status_code == 404
    )
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_a_password_change_revokes_the_users_tokens(world, login):
    client = Client()  # the API caller, apart from the browser that changes the password
    headers = auth(world.secretary)
    browser = login(world.secretary)
    r = browser.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Neu-Passw0rd!x", "new_password2": "Neu-Passw0rd!x"},
    )
    assert r.status_code == 302
    assert client.get("/api/v1/members", headers=headers).status_code == 401
    assert browser.get("/").status_code == 200  # the session that changed it stays


def test_a_role_change_revokes_the_users_tokens(world, client):
    headers = auth(world.secretary)
    grant = user_services.grant_create(
        actor=world.committee, user=world.secretary, role=Role.BRANCH_COMMITTEE, organization=world.a2
    )
    assert client.get("/api/v1/members", headers=headers).status_code == 401
    headers = auth(world.secretary)
    user_services.grant_revoke(actor=world.committee, grant=grant)
    assert client.get("/api/v1/members", headers=headers).status_code == 401


def test_only_the_newest_tokens_stay_live(world, settings):
    settings.API_TOKEN_MAX_ACTIVE = 3
    for i in range(5):
        services.token_create(actor=world.secretary, user=world.secretary, name=f"t{i}")
    live = ApiToken.objects.filter(user=world.secretary, revoked_at__isnull=True)
    assert sorted(live.values_list("name", flat=True)) == ["t2", "t3", "t4"]


def test_the_profile_page_shows_expiry_and_revokes(world, login):
    token, _ = services.token_create(actor=world.secretary, user=world.secretary, name="页面令牌")
    client = login(world.secretary)
    page = client.get("/accounts/profile/").content.decode()
    assert "到期时间" in page and timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M") in page
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert "已撤销" in client.get("/accounts/profile/").content.decode()
