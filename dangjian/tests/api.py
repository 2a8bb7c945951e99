"""Calling the API in tests: a token for a persona, a JSON request, a refusal in Chinese."""

from __future__ import annotations

import json

from dangjian.accounts import services as account_services


def auth(user) -> dict:
    _token, key = account_services.token_create(actor=user, user=user, name="测试")
    return {"Authorization": f"Bearer {key}"}


def send(client, method, url, data, headers):
    return getattr(client, method)(
        url, data=json.dumps(data), content_type="application/json", headers=headers
    )


def is_chinese_error(response, status) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["message"] and not body["message"].isascii()
    return body
