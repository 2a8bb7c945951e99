"""Benchmark: the public complaint intake under 50 concurrent submitters, none lost.

    .venv/bin/python bench/bench_complaints.py [SUBMITTERS] [EACH] [PORT]

Copies the demo database of var/ (build it first: `dangjian demo --year 2023`, full scale) to a
private directory, serves it with gunicorn as `make serve` does (2 workers x 4 threads) on
127.0.0.1:PORT (default 8137), and lets SUBMITTERS (default 50) threads each file EACH (default 4)
complaints through the public page at the same time: GET the form (CSRF cookie), POST it with a small
PDF attachment, read the query code. Then checks that every submission answered with a code, that
each code opens its own complaint (POST /api/v1/public/complaints/track), and that the database
holds exactly that many new complaints. The hourly limit per address is lifted for the load
(DANGJIAN_COMPLAINT_SUBMITS_PER_HOUR), since every thread comes from 127.0.0.1; a last phase on a
fresh server (2 workers, sharing the counters in the database) with the default limit shows the 429
after 10 submissions from one address.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SUBMITTERS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
EACH = int(sys.argv[2]) if len(sys.argv) > 2 else 4
PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 8137
WORK = Path("/tmp/dangjian-bench-complaints")
CODE = re.compile(r'id="query-code">([0-9A-Z-]+)<')
PDF = b"%PDF-1.4\n" + b"0" * 20_000


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        proc.wait()


def serve(env: dict, workers: int = 2) -> subprocess.Popen:
    """gunicorn as `make serve` runs it; stopped by the caller, or at exit whatever happens."""
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    atexit.register(_stop, proc)
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{PORT}/complaints/report/", timeout=30)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    proc.wait()
    sys.exit("the server did not start")


def submit_one(session: requests.Session, i: int) -> tuple[str | None, float, int]:
    base = f"http://127.0.0.1:{PORT}"
    t = time.perf_counter()
    session.get(f"{base}/complaints/report/", timeout=60)
    r = session.post(
        f"{base}/complaints/report/",
        data={
            "csrfmiddlewaretoken": session.cookies.get("csrftoken"),
            "title": f"压力测试举报{i}",
            "subject": "某单位工作人员",
            "content": "办理业务时多次推诿扯皮，要求重复提交材料。",
        },
        files={"attachments": ("证据.pdf", PDF, "application/pdf")},
        headers={"Referer": f"{base}/complaints/report/"},
        timeout=120,
    )
    m = CODE.search(r.text)
    return (m.group(1) if m else None), time.perf_counter() - t, r.status_code


def count(db: Path) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("select count(*) from complaints_complaint").fetchone()[0]


def main() -> None:
    src = ROOT / "var"
    if not (src / "dangjian.sqlite3").exists():
        sys.exit("no demo database in var/: run `dangjian demo --year 2023` first")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for name in ("dangjian.sqlite3", "secret_key", "field_key", "index_key"):
        shutil.copy(src / name, WORK / name)
    env = {**os.environ, "DANGJIAN_VAR_DIR": str(WORK), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    before = count(WORK / "dangjian.sqlite3")

    proc = serve({**env, "DANGJIAN_COMPLAINT_SUBMITS_PER_HOUR": "1000000"})
    results: list[tuple[str | None, float, int]] = []
    lock, go = threading.Lock(), threading.Event()

    def submitter(n: int) -> None:
        session = requests.Session()
        go.wait()
        for k in range(EACH):
            try:
                out = submit_one(session, n * EACH + k)
            except requests.RequestException as e:
                out = (None, 0.0, -1)
                print("error:", repr(e)[:100])
            with lock:
                results.append(out)

    threads = [threading.Thread(target=submitter, args=(n,)) for n in range(SUBMITTERS)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    codes = [c for c, _, _ in results if c]
    times = sorted(s for c, s, _ in results if c)
    tracked = sum(
        requests.post(
            f"http://127.0.0.1:{PORT}/api/v1/public/complaints/track", json={"code": c}, timeout=30
        ).status_code
        == 200
        for c in codes[:25]
    )
    proc.terminate()
    proc.wait()
    stored = count(WORK / "dangjian.sqlite3") - before
    statuses = sorted({s for _, _, s in results})
    print(
        f"submitters {SUBMITTERS} x {EACH} = {len(results)} submissions in {wall:.1f} s "
        f"({len(results) / wall:.1f}/s); HTTP statuses {statuses}"
    )
    print(
        f"answered with a query code: {len(codes)}; distinct codes: {len(set(codes))}; "
        f"new complaints stored: {stored}; lost: {len(results) - stored}"
    )
    if times:
        print(
            f"per submission (GET form + POST with a 20 KB PDF): median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
    print(f"first 25 codes opened through the public API: {tracked}/{min(25, len(codes))}")

    # The default limit: one address, 12 submissions in a row, whichever of the 2 workers answers
    # (the counters are rows of the database: complaints/throttle.py). The load above counted its
    # 200 submissions from 127.0.0.1 too: that window is forgotten first.
    with sqlite3.connect(WORK / "dangjian.sqlite3") as db:
        db.execute("DELETE FROM complaints_ratecounter")
    proc = serve(env)
    try:
        session = requests.Session()
        limited = [submit_one(session, 10_000 + i)[2] for i in range(12)]
    finally:
        proc.terminate()
        proc.wait()
    print(f"default limit, 12 submissions from one address: statuses {limited}")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
