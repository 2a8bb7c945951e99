"""Run by test_throttle in a subprocess on a fresh file SQLite database: starts PROCESSES child
processes that each ask `submit_allowed` EACH times for the same address at the same moment, with a
limit of LIMIT an hour, and prints one JSON line: {"allowed": [...], "refused": [...], "counted": n}.
A child (argv "child <start time>") prints its own {"allowed", "refused"}."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

PROCESSES, EACH, LIMIT = 3, 8, 10
IP = "192.0.2.7"

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DANGJIAN_COMPLAINT_SUBMITS_PER_HOUR"] = str(LIMIT)
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from dangjian.complaints import throttle  # noqa: E402
from dangjian.complaints.models import RateCounter  # noqa: E402


def child(start: float) -> None:
    time.sleep(max(0.0, start - time.time()))
    allowed = refused = 0
    for _ in range(EACH):
        try:
            throttle.submit_allowed(IP)
            allowed += 1
        except throttle.RateLimited:
            refused += 1
    print(json.dumps({"allowed": allowed, "refused": refused}))


def main() -> None:
    with connection.schema_editor() as editor:
        editor.create_model(RateCounter)
    connection.close()
    start = time.time() + 3  # every child set up and waiting before the first count
    children = [
        subprocess.Popen(
            [sys.executable, "-m", __spec__.name, "child", str(start)],
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for _ in range(PROCESSES)
    ]
    outs = [json.loads(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in children]
    print(
        json.dumps(
            {
                "allowed": [o["allowed"] for o in outs],
                "refused": [o["refused"] for o in outs],
                "counted": RateCounter.objects.get(key=throttle.submit_key(IP)).count,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child(float(sys.argv[2]))
    else:
        main()
