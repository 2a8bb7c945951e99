"""The member export on the embedded SQLite database while edits are saved, and two exports at once
(in a subprocess on a file database: see sqlite_export_race.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_an_export_survives_20_writes_landing_during_it_and_a_second_export(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DANGJIAN_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "dangjian.people.tests.sqlite_export_race"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    status, rows, committed = outcome["with_writes"]
    assert (status, committed) == ("done", 20) and rows > 2
    assert outcome["pair"] == [["done", rows], ["done", rows]], result.stderr[-2000:]
