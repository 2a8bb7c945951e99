"""Work prompts through the API: per-person reading, receipts and reminders, scope."""

from dangjian.prompts import errors as prompt_errors
from dangjian.prompts.models import WorkPromptRead
from dangjian.tests.api import auth, is_chinese_error, send


def test_work_prompts_record_reading_per_person(world, client):
    h = auth(world.committee)
    r = send(
        client,
        "post",
        "/api/v1/work-prompts",
        {"title": "第一季度工作提示", "body": "请按时召开支委会。", "recipient_ids": [world.a1.pk]},
        h,
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    inbox = client.get("/api/v1/work-prompts", headers=auth(world.secretary)).json()
    assert [(p["title"], p["is_read"]) for p in inbox["items"]] == [("第一季度工作提示", False)]
    r = client.get(f"/api/v1/work-prompts/{pid}", headers=auth(world.secretary))
    assert r.status_code == 200 and r.json()["body"] == "请按时召开支委会。"
    assert list(WorkPromptRead.objects.values_list("user__username", flat=True)) == ["t-secretary"]
    receipts = client.get(f"/api/v1/work-prompts/{pid}/receipts", headers=h).json()["items"]
    read = {x["user"]: x["read_at"] is not None for x in receipts}
    assert read["t-secretary"] and not read["t-branchcom"]
    r = client.post(f"/api/v1/work-prompts/{pid}/remind", headers=h)
    assert r.status_code == 200 and r.json()["reminded"] >= 1
    assert (
        client.get(f"/api/v1/work-prompts/{pid}/receipts", headers=auth(world.secretary)).status_code == 403
    )
    # outside scope: refused with a message, nothing written
    r = send(
        client,
        "post",
        "/api/v1/work-prompts",
        {"title": "x", "body": "y", "recipient_ids": [world.b1.pk]},
        auth(world.unit_staff),
    )
    assert is_chinese_error(r, 400)["message"] == prompt_errors.ERR_API_RECIPIENT_UNKNOWN.format(
        id=world.b1.pk
    )
    b1_prompt = send(
        client,
        "post",
        "/api/v1/work-prompts",
        {"title": "教育厅", "body": "y", "recipient_ids": [world.b1.pk]},
        h,
    ).json()["id"]
    assert client.get(f"/api/v1/work-prompts/{b1_prompt}", headers=auth(world.secretary)).status_code == 404
