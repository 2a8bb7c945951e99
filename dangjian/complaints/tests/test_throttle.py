"""The public page's rate limits hold across the processes serving the site: the counters are rows
of the database (complaints/throttle.py), so what another worker counted is counted here too, and
concurrent counts in several processes lose none (sqlite_throttle_processes.py, on a file database)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from dangjian.complaints import throttle
from dangjian.complaints.models import Complaint, RateCounter
from dangjian.tests.api import is_chinese_error, send
from dangjian.tests.sqlite_file import run_module

BODY = {"title": "窗口推诿", "subject": "某处室工作人员", "content": "办理业务时多次推诿，要求反复提交材料。"}
IP = "127.0.0.1"  # the test client's address


def _written_elsewhere(key: str, n: int, *, seconds: int = 600) -> None:
    """A counter as another process leaves it: a row written straight through SQL, not this
    process's memory."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("key", "count", "expires_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(RateCounter._meta.db_table)} ({columns}) VALUES (%s, %s, %s)",
            [key, n, timezone.now() + dt.timedelta(seconds=seconds)],
        )


def test_submissions_counted_by_another_process_count_here(world, client, settings):
    settings.COMPLAINT_INTAKE = {"submits_per_hour": 3}
    _written_elsewhere(throttle.submit_key(IP), 2)  # the other worker took two
    assert send(client, "post", "/api/v1/public/complaints", BODY, {}).status_code == 201
    is_chinese_error(send(client, "post", "/api/v1/public/complaints", BODY, {}), 429)
    assert client.post("/complaints/report/", BODY).status_code == 429
    assert Complaint.objects.count() == 1
    assert RateCounter.objects.get(key=throttle.submit_key(IP)).count == 5


def test_wrong_codes_counted_by_another_process_block_lookups_here(world, client, settings):
    settings.COMPLAINT_INTAKE = {"track_failures": 3}
    _written_elsewhere(throttle.track_key(IP), 2)
    r = client.post("/complaints/track/", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})
    assert r.status_code == 404
    r = client.post("/complaints/track/", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})
    assert r.status_code == 429 and "查询次数过多" in r.content.decode()
    is_chinese_error(send(client, "post", "/api/v1/public/complaints/track", {"code": "X" * 20}, {}), 429)


def test_another_address_has_its_own_counter_and_an_ended_window_starts_again(world, settings):
    settings.COMPLAINT_INTAKE = {"submits_per_hour": 1}
    _written_elsewhere(throttle.submit_key("10.0.0.1"), 5, seconds=-1)  # a window that has ended
    throttle.submit_allowed("10.0.0.1")  # counts 1 in a new window
    throttle.submit_allowed("10.0.0.2")
    row = RateCounter.objects.get(key=throttle.submit_key("10.0.0.1"))
    assert row.count == 1 and row.expires_at > timezone.now() + dt.timedelta(minutes=59)
    assert throttle.count(throttle.submit_key("10.0.0.2"), 3600) == 2


def test_ended_windows_are_purged_when_a_new_address_is_counted(world):
    _written_elsewhere("complaints:submit:10.9.9.9", 3, seconds=-10)
    throttle.count("complaints:submit:10.0.0.3", 60)
    assert not RateCounter.objects.filter(key="complaints:submit:10.9.9.9").exists()


def test_processes_counting_at_once_share_the_limit_and_lose_no_count(tmp_path):
    outcome = run_module("dangjian.complaints.tests.sqlite_throttle_processes", tmp_path)
    # 3 processes x 8 submissions from one address against a limit of 10: exactly 10 pass in all
    # (with a per-process cache each process would let 8 through: 24).
    assert sum(outcome["allowed"]) == 10 and sum(outcome["refused"]) == 14, outcome
    assert outcome["counted"] == 24, outcome
