"""API: tokens, authentication, errors, OpenAPI and the docs page."""

import json
import re

import pytest
from django.test import Client

from dangjian.accounts import errors, services
from dangjian.accounts.api import ERR_MUST_CHANGE_PASSWORD, TOKEN_NAME
from dangjian.accounts.models import ApiToken
from dangjian.api import MSG_BAD_JSON, MSG_CHANGE_PASSWORD, MSG_CSRF, MSG_UNAUTHORIZED
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.core.text import ERR_BAD_CHAR
from dangjian.tests.api import auth
from dangjian.tests.personas import PASSWORD
from dangjian.users import services as user_services


def post_json(client, url, data, **kw):
    return client.post(url, data=json.dumps(data), content_type="application/json", **kw)


# --- tokens and authentication ---------------------------------------------------------------


def test_it_issues_a_token_that_authenticates(world, client):
    r = post_json(client, "/api/v1/auth/token", {"username": "t-secretary", "password": PASSWORD})
    assert r.status_code == 200
    key = r.json()["token"]
    assert ApiToken.objects.get(user=world.secretary).name == TOKEN_NAME
    r = Client().get("/api/v1/members", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200
    assert r.json()["count"] == 2


def test_it_rejects_a_wrong_password_with_401(world, client):
    r = post_json(client, "/api/v1/auth/token", {"username": "t-secretary", "password": "wrong"})
    assert r.status_code == 401
    assert r.json()["message"] == errors.ERR_BAD_LOGIN
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_repr="t-secretary").exists()


def test_it_locks_the_account_after_five_bad_passwords_even_for_the_right_one(world, client):
    statuses = [
        post_json(
            client, "/api/v1/auth/token", {"username": "t-secretary", "password": f"bad{i}"}
        ).status_code
        for i in range(5)
    ]
    assert statuses[:4] == [401] * 4
    assert statuses[4] == 429
    r = post_json(client, "/api/v1/auth/token", {"username": "t-secretary", "password": PASSWORD})
    assert r.status_code == 429
    assert r.json()["message"] == errors.ERR_LOCKED.format(minutes=30)
    assert not ApiToken.objects.filter(user=world.secretary).exists()


def test_it_refuses_a_token_while_the_initial_password_is_unchanged(world, client):
    user, pw = user_services.user_create(actor=world.committee, username="new-user")
    r = post_json(client, "/api/v1/auth/token", {"username": "new-user", "password": pw})
    assert r.status_code == 403
    assert r.json()["message"] == ERR_MUST_CHANGE_PASSWORD
    assert not ApiToken.objects.filter(user=user).exists()


def test_it_answers_401_without_a_token(world, client):
    for url in ("/api/v1/members", "/api/v1/organizations", "/api/v1/role-grants", "/api/v1/jobs/1"):
        r = client.get(url)
        assert r.status_code == 401, url
        assert r.json()["message"] == MSG_UNAUTHORIZED
    r = post_json(client, "/api/v1/people", {"name": "x"})
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Bearer"


def test_an_unknown_api_path_is_a_json_404(world, client):
    r = client.get("/api/v1/no-such-thing", headers=auth(world.committee))
    assert r.status_code == 404 and r.json()["message"] == "对象不存在或不在您的权限范围内。"


def test_it_answers_401_for_a_revoked_or_unknown_token(world, client):
    token, key = services.token_create(actor=world.secretary, user=world.secretary, name="t")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/members", headers=headers).status_code == 200
    services.token_revoke(actor=world.secretary, token=token)
    assert client.get("/api/v1/members", headers=headers).status_code == 401
    assert client.get("/api/v1/members", headers={"Authorization": "Bearer dj_nonsense"}).status_code == 401
    assert client.get("/api/v1/members", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_disabled_users_token_stops_working(world, client):
    headers = auth(world.secretary)
    user_services.user_set_active(actor=world.committee, user=world.secretary, active=False)
    assert client.get("/api/v1/members", headers=headers).status_code == 401


def test_the_session_works_and_unsafe_methods_need_csrf(world):
    browser = Client(enforce_csrf_checks=True)
    r = browser.get("/accounts/login/")
    csrf = r.cookies["csrftoken"].value
    r = browser.post(
        "/accounts/login/", {"username": "t-committee", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    )
    assert r.status_code == 302
    assert browser.get("/api/v1/organizations").status_code == 200
    body = {"name": "新单位", "category": "provincial"}
    r = post_json(browser, "/api/v1/units", body)
    assert r.status_code == 403
    assert r.json()["message"] == MSG_CSRF
    r = post_json(browser, "/api/v1/units", body, headers={"X-CSRFToken": browser.cookies["csrftoken"].value})
    assert r.status_code == 201, r.content


def test_a_session_user_must_change_the_initial_password_first(world, client):
    user, pw = user_services.user_create(actor=world.committee, username="fresh-user")
    client.force_login(user)
    r = client.get("/api/v1/members")
    assert r.status_code == 403 and r.json()["message"] == MSG_CHANGE_PASSWORD


# --- errors ----------------------------------------------------------------------------------


def test_malformed_json_is_a_400_with_a_message(world, client):
    r = client.post(
        "/api/v1/units", data="{not json", content_type="application/json", headers=auth(world.committee)
    )
    assert r.status_code == 400
    assert r.json()["message"] == MSG_BAD_JSON


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": 5, "password": PASSWORD}, "username"),
        ({"password": PASSWORD}, "username"),
        ([1, 2], ""),
        ("text", ""),
    ],
)
def test_wrong_types_are_a_422_naming_the_field(world, client, body, field):
    r = post_json(client, "/api/v1/auth/token", body)
    assert r.status_code == 422
    data = r.json()
    assert data["message"]
    assert data["extra"]["errors"]
    if field:
        assert f"“{field}”" in data["message"]


def test_unknown_fields_and_ids_are_refused_with_a_message(world, client):
    headers = auth(world.committee)
    r = post_json(
        client,
        "/api/v1/role-grants",
        {"user_id": world.member.pk, "role": "member", "organization_id": world.a1.pk, "typo": 1},
        headers=headers,
    )
    assert r.status_code == 422 and "typo" in r.json()["message"]
    r = post_json(
        client,
        "/api/v1/role-grants",
        {"user_id": 10**30, "role": "member", "organization_id": world.a1.pk},
        headers=headers,
    )
    assert r.status_code == 422 and "user_id" in r.json()["message"]
    r = post_json(
        client,
        "/api/v1/role-grants",
        {"user_id": 999999, "role": "member", "organization_id": world.a1.pk},
        headers=headers,
    )
    assert r.status_code == 404 and r.json()["message"]
    r = post_json(
        client,
        "/api/v1/role-grants",
        {"user_id": world.member.pk, "role": "king", "organization_id": world.a1.pk},
        headers=headers,
    )
    assert r.status_code == 422 and "role" in r.json()["message"]
    r = client.post("/api/v1/role-grants/abc/revoke", headers=headers)
    assert r.status_code == 422 and r.json()["message"]
    r = client.get("/api/v1/role-grants?limit=0", headers=headers)
    assert r.status_code == 422 and "limit" in r.json()["message"]


def test_a_nul_character_is_refused_not_a_server_error(world, client):
    r = post_json(client, "/api/v1/units", {"name": "a\x00b"}, headers=auth(world.committee))
    assert r.status_code == 422
    assert r.json()["message"]


def test_a_validators_message_keeps_one_full_stop(world, client):
    r = post_json(client, "/api/v1/units", {"name": "a\u202eb"}, headers=auth(world.committee))
    assert r.status_code == 422
    assert r.json()["message"] == "请求体字段“name”（名称）" + ERR_BAD_CHAR.format(code=0x202E)


# --- OpenAPI and docs ------------------------------------------------------------------------


def test_the_openapi_document_loads_for_signed_in_users(world, client, login):
    assert client.get("/api/v1/openapi.json").status_code == 401
    r = client.get("/api/v1/openapi.json", headers=auth(world.member))
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/members",
        "/api/v1/members/{person_id}",
        "/api/v1/organizations",
        "/api/v1/organizations/{org_id}",
        "/api/v1/units",
        "/api/v1/role-grants",
        "/api/v1/jobs/{job_id}",
    ):
        assert path in paths
    assert login(world.member).get("/api/v1/openapi.json").status_code == 200


def test_the_docs_page_is_served_locally_under_the_csp(world, client, login):
    r = client.get("/api/v1/docs")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    r = login(world.member).get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # No asset from outside (a bare "cdn" would also match random tokens in the page).
    assert not re.search(r"(src|href)=\"(https?:)?//", html) and "jsdelivr" not in html
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # No executable inline script: only the JSON settings block and external files.
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs


@pytest.mark.browser
def test_the_docs_page_runs_in_a_browser_without_csp_violations(browser_world, page_for, live_server):
    page = page_for(browser_world.secretary)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock")
    members = page.locator(".opblock-get:has(.opblock-summary-path[data-path='/api/v1/members'])").first
    members.locator(".opblock-summary").click()
    members.locator("button.try-out__btn").click()
    with page.expect_response(lambda r: "/api/v1/members?" in r.url) as response:
        members.locator("button.execute").click()
    assert response.value.status == 200  # "Try it out" works with the session
    assert response.value.json()["count"] == 2
    assert not problems
