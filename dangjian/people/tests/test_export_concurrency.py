"""The member export on the embedded SQLite database while edits are saved, and two exports at once
(in a subprocess on a file database: see sqlite_export_race.py)."""

from __future__ import annotations

from dangjian.tests.sqlite_file import run_module


def test_an_export_survives_20_writes_landing_during_it_and_a_second_export(tmp_path):
    outcome = run_module("dangjian.people.tests.sqlite_export_race", tmp_path)
    status, rows, committed = outcome["with_writes"]
    assert (status, committed) == ("done", 20) and rows > 2
    assert outcome["pair"] == [["done", rows], ["done", rows]], outcome
