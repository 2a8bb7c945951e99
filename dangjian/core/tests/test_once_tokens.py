"""Every form that creates something carries a one-time token, so a repeated submit (a double
click, the back button) creates one record; a response shown only once (an initial password, a new
API token) is not kept, and its repeat is refused instead of shown again."""

from __future__ import annotations

import re

import pytest

from dangjian.accounts.models import ApiToken, User
from dangjian.core.middleware import ERR_SHOWN_ONCE, FORM_TOKEN_FIELD, MSG_REPLAYED
from dangjian.core.models import IdempotencyKey
from dangjian.materials.models import StudyMaterial
from dangjian.prompts.models import WorkPrompt

TOKEN = re.compile(rf'name="{FORM_TOKEN_FIELD}" value="([^"]+)"')


def token_in(client, url: str, form_id: str = "") -> str:
    page = client.get(url).content.decode()
    if form_id:
        page = page[page.index(f'id="{form_id}"') :]
    found = TOKEN.search(page)
    assert found is not None
    return found.group(1)


def pages(world) -> list[tuple[str, str]]:
    """(page, form id) of the creating forms a committee user reaches in the test world."""
    return [
        ("/meetings/prompts/new/", "prompt-form"),
        ("/meetings/materials/new/", "material-form"),
        ("/meetings/youth-groups/new/", "youth-group-form"),
        ("/accounts/users/new/", ""),
        (f"/accounts/users/{world.outsider.pk}/", ""),
        ("/accounts/profile/", ""),
        ("/accounts/bulk/", "bulk-accounts-form"),
    ]


def test_the_creating_forms_carry_a_one_time_token(world, login):
    client = login(world.committee)
    for url, form_id in pages(world):
        assert token_in(client, url, form_id), url


@pytest.mark.parametrize(
    "url, form_id, data, model",
    [
        (
            "/meetings/prompts/new/",
            "prompt-form",
            {"title": "工作提示", "body": "请按时召开支委会。", "quick": "branches"},
            WorkPrompt,
        ),
        (
            "/meetings/materials/new/",
            "material-form",
            {"title": "党章", "year": 2024, "ordered_copies": 100},
            StudyMaterial,
        ),
    ],
)
def test_a_repeated_submit_creates_one_record(world, login, url, form_id, data, model):
    client = login(world.committee)
    data = {**data, FORM_TOKEN_FIELD: token_in(client, url, form_id)}
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert first.status_code == 302 and again.redirect_chain[0][0] == first["Location"]
    assert MSG_REPLAYED in again.content.decode()
    assert model.objects.count() == 1


def test_a_repeated_user_creation_is_refused_and_the_password_is_not_kept(world, login):
    client = login(world.committee)
    data = {
        "username": "li.si",
        "display_name": "李四",
        FORM_TOKEN_FIELD: token_in(client, "/accounts/users/new/"),
    }
    first = client.post("/accounts/users/new/", data)
    found = re.search(r'id="initial-password">([^<]+)<', first.content.decode())
    assert found is not None
    password = found.group(1)
    again = client.post("/accounts/users/new/", data)
    assert again.status_code == 409 and again.content.decode() == ERR_SHOWN_ONCE
    assert User.objects.filter(username="li.si").count() == 1
    assert not any(
        password.encode() in bytes(b) for b in IdempotencyKey.objects.values_list("body", flat=True)
    )


def test_a_repeated_token_request_creates_one_token(world, login):
    client = login(world.committee)
    data = {"name": "报表脚本", FORM_TOKEN_FIELD: token_in(client, "/accounts/profile/")}
    assert client.post("/accounts/profile/", data).status_code == 200
    assert client.post("/accounts/profile/", data).status_code == 409
    assert ApiToken.objects.filter(user=world.committee, name="报表脚本").count() == 1
    assert not any(bytes(b) for b in IdempotencyKey.objects.values_list("body", flat=True))
