import time

import pytest
from django.core.management import call_command

from dangjian.accounts import errors
from dangjian.accounts.models import LoginFailure, User
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.personas import PASSWORD


def test_every_page_needs_a_login(client, world):
    for url in ["/", "/orgs/", "/people/members/", "/reports/annual/", "/audit/", "/jobs/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_the_login_redirect_keeps_the_page_asked_for(client, world):
    response = client.get("/people/members/?q=a")
    assert response["Location"] == "/accounts/login/?next=/people/members/%3Fq%3Da"


def test_an_htmx_request_without_a_session_is_told_where_to_log_in(client, world):
    response = client.get("/people/members/", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response["HX-Redirect"] == "/accounts/login/"


def test_the_login_page_and_the_api_need_no_session(client, world):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/api/v1/members").status_code == 401


def test_a_login_is_audited_and_lands_on_home(client, world):
    response = client.post("/accounts/login/", {"username": "t-secretary", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=world.secretary).exists()


def test_a_wrong_password_says_so_in_chinese(client, world):
    response = client.post("/accounts/login/", {"username": "t-secretary", "password": "nope"})
    assert errors.ERR_BAD_LOGIN in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_repr="t-secretary").exists()


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "t-secretary", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "t-secretary", "password": PASSWORD})
    assert response.status_code == 200
    assert "已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username(client, world):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "t-secretary", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "t-unit", "password": PASSWORD})
    assert response.status_code == 302


def test_an_idle_session_is_logged_out(client, world, login, settings):
    client = login(world.secretary)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert client.get("/").status_code == 302


def test_an_open_redirect_after_login_is_ignored(client, world):
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"username": "t-secretary", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_pages_carry_a_csp_with_a_nonce_and_no_unsafe_inline(client, world, login):
    response = login(world.secretary).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_first_administrator_gets_a_random_password_and_must_change_it(capsys):
    call_command("createadmin", "--username", "root-admin")
    out = capsys.readouterr().out
    password = out.split("初始密码:")[1].split()[0]
    user = User.objects.get(username="root-admin")
    assert user.check_password(password) and len(password) >= 12
    assert user.must_change_password


def test_a_user_who_must_change_the_password_is_sent_to_do_so(client, world):
    world.secretary.must_change_password = True
    world.secretary.save()
    client.post("/accounts/login/", {"username": "t-secretary", "password": PASSWORD})
    response = client.get("/people/members/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_a_weak_new_password_is_refused(client, world, login):
    client = login(world.secretary)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "abcdefghij", "new_password2": "abcdefghij"},
    )
    assert "三类" in response.content.decode()


def test_new_passwords_are_hashed_with_argon2id_at_the_owasp_parameters(settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["dangjian.accounts.hashers.Argon2Hasher"]
    assert make_password("Abc-12345x").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_session_limit_is_absolute_however_active_the_user_is(world, login, settings):
    client = login(world.secretary)
    session = client.session
    session["login_at"] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 5
    session["last_seen"] = int(time.time())
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert client.get("/").status_code == 302


def test_a_fresh_session_is_not_cut_short(world, login):
    client = login(world.secretary)
    assert client.get("/").status_code == 200


# --- Django admin --------------------------------------------------------------------------


def test_the_admin_login_form_is_not_served_to_a_signed_in_member(world, login):
    User.objects.create_superuser("t-root", password=PASSWORD)
    client = login(world.member)
    assert client.get("/admin/login/").status_code == 404
    response = client.post("/admin/login/", {"username": "t-root", "password": PASSWORD})
    assert response.status_code == 404
    assert client.session["_auth_user_id"] == str(world.member.pk)


def test_the_admin_is_not_for_users_who_are_not_staff(world, login):
    client = login(world.committee)
    assert client.get("/admin/", follow=True).status_code == 404


def test_admin_login_sends_an_anonymous_visitor_to_the_login_page(client, world):
    response = client.get("/admin/login/?next=/admin/core/auditevent/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_reach_the_admin_after_the_normal_login_with_its_lockout(client, world):
    User.objects.create_superuser("t-root", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/?next=/admin/", {"username": "t-root", "password": "wrong"})
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_repr="t-root").count() == 5
    client.post("/accounts/login/?next=/admin/", {"username": "t-root", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    LoginFailure.objects.all().delete()
    response = client.post("/accounts/login/?next=/admin/", {"username": "t-root", "password": PASSWORD})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_one_address_trying_many_usernames_is_locked_out(client, world, settings):
    settings.LOGIN_FAILURE_IP_LIMIT = 6
    for i in range(6):
        client.post("/accounts/login/", {"username": f"guess-{i}", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "t-secretary", "password": PASSWORD})
    assert "已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other_address = client.post(
        "/accounts/login/", {"username": "t-secretary", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 302
