"""Concurrency on the embedded SQLite database is tested on a real file in WAL mode, not the test
database in memory (where SQLite locks tables differently): `run_module` runs a script module in a
subprocess on a fresh database in `var_dir` and returns the JSON object of its last output line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_module(module: str, var_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DANGJIAN_VAR_DIR"] = str(var_dir)
    result = subprocess.run(
        [sys.executable, "-m", module], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
