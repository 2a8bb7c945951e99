"""Two identical writes sent at once (a double click, a client retrying): one meeting, one accepted
commit (in a subprocess on a file database: see sqlite_double_submit_race.py)."""

from __future__ import annotations

from dangjian.core.imports import ERR_ALREADY_COMMITTED
from dangjian.tests.sqlite_file import run_module


def test_two_identical_writes_at_once_take_effect_once(tmp_path):
    outcome = run_module("dangjian.core.tests.sqlite_double_submit_race", tmp_path)
    statuses, meetings = outcome["meetings"][:2], outcome["meetings"][2]
    assert meetings == 1 and statuses in ([201, 201], [201, 409]), outcome
    assert outcome["commits"] == [*sorted(["done", ERR_ALREADY_COMMITTED]), 1], outcome
