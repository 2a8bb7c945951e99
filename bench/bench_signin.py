"""QR sign-in load benchmark: N members (default 200) of one branch sign in to one meeting at the
same moment, each on their own "phone" (a thread with its own cookie jar): GET the scan URL with a
fresh token (-> the login page), POST the login form with its CSRF token (-> the confirm page,
"签到成功"). Against a real server on loopback: gunicorn, 2 workers x 8 threads, SQLite.

    .venv/bin/python bench/bench_signin.py [--members 200] [--port 8123] [--prelogin]

--prelogin: the phones already hold a session (logged in before the clock starts), so only the
scan and the confirm are timed: the sign-in itself without the password hash.

Private database: DANGJIAN_VAR_DIR (default /tmp/bench_signin), rebuilt on every run; never var/.
Afterwards the database is checked: every member present by QR, nobody doubled, none lost.
Prints figures; asserts nothing. Target (issue 3): 200 members within 30 s, none lost or doubled.
The server is started and stopped by this script; every request has a timeout and the whole run a
deadline, so it ends by itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlparse

from _private_db import ROOT, setup

VAR_DIR = "/tmp/bench_signin"
PASSWORD = "Bench-Passw0rd!"
REQUEST_TIMEOUT = 120  # seconds, per request
RUN_DEADLINE = 600  # seconds, for all sign-ins together
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- data ----------------------------------------------------------------------------------


def build(members: int) -> tuple[int, list[tuple[str, int]]]:
    """A branch with `members` full members, each with a user, and a meeting held 10 minutes ago.
    Returns (meeting id, [(username, person id)])."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from dangjian.accounts.enums import Role
    from dangjian.accounts.models import User
    from dangjian.core.idnumber import synthetic
    from dangjian.meetings import services as meeting_services
    from dangjian.meetings.enums import MeetingKind, MeetingStatus
    from dangjian.organizations import services as org_services
    from dangjian.organizations.enums import OrgKind, UnitCategory
    from dangjian.organizations.models import Unit
    from dangjian.people import services as people_services
    from dangjian.people.enums import Education, MembershipStatus
    from dangjian.users import services as user_services

    # The users' passwords are real Argon2 hashes with the server's parameters, but hashed once:
    # hashing 200 times would only slow the setup down (every hash costs ~0.5 s here).
    password_hash = make_password(PASSWORD)
    with mock.patch("django.contrib.auth.base_user.make_password", lambda *_a, **_k: password_hash):
        admin, _ = user_services.user_create(
            actor=None, username="bench-admin", password=PASSWORD, is_superuser=True
        )
        unit_root = Unit.objects.create(
            name="工委机关", category=UnitCategory.COMMITTEE
        )  # the very first unit
        root = org_services.org_create(
            actor=admin,
            name="工委",
            kind=OrgKind.WORKING_COMMITTEE,
            unit=unit_root,
            parent=None,
            established_on=dt.date(2000, 1, 1),
        )
        user_services.grant_create(actor=None, user=admin, role=Role.COMMITTEE_STAFF, organization=root)
        admin = User.objects.get(pk=admin.pk)  # drop the cached (empty) scope
        unit = org_services.unit_create(actor=admin, name="省测试厅")
        oc = org_services.org_create(
            actor=admin,
            name="省测试厅机关党委",
            kind=OrgKind.ORGAN_COMMITTEE,
            unit=unit,
            parent=root,
            established_on=dt.date(2000, 1, 1),
        )
        branch = org_services.org_create(
            actor=admin,
            name="省测试厅第一党支部",
            kind=OrgKind.BRANCH,
            unit=unit,
            parent=oc,
            established_on=dt.date(2000, 1, 1),
        )
        users = []
        for i in range(members):
            birth = dt.date(1960 + i % 25, 1 + i % 12, 1 + i % 28)
            person = people_services.person_create(
                actor=admin,
                organization=branch,
                unit=unit,
                name=f"党员{i:03d}",
                id_number=synthetic(birth, "M" if i % 2 else "F", i),
                education=Education.BACHELOR,
                status=MembershipStatus.FULL,
                membership={
                    "applied_on": dt.date(2008, 3, 1),
                    "admitted_on": dt.date(2010, 7, 1),
                    "full_on": dt.date(2011, 7, 1),
                },
            )
            username = f"bench-m{i:03d}"
            user_services.user_create(actor=admin, username=username, password=PASSWORD, person=person)
            users.append((username, person.pk))
        meeting = meeting_services.meeting_create(
            actor=admin,
            organization=branch,
            kind=MeetingKind.GENERAL_MEETING,
            title="扫码签到压力测试",
            held_at=timezone.now() - dt.timedelta(minutes=10),
            status=MeetingStatus.HELD,
        )
    return meeting.pk, users


# --- server --------------------------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_server(port: int, var_dir: Path, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ, DANGJIAN_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings")
    log = open(var_dir / "gunicorn.log", "w")  # noqa: SIM115 (kept open for the server's lifetime)
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_ready(base: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group this script started
            proc.wait(timeout=10)


# --- one phone -----------------------------------------------------------------------------


class Phone:
    def __init__(self, base: str, meeting_id: int, username: str):
        self.base, self.meeting_id, self.username = base, meeting_id, username
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.confirm_path = f"/meetings/{meeting_id}/signin/confirm/"

    def open(self, url: str, data: dict | None = None):
        body = urlencode(data).encode() if data is not None else None
        with self.opener.open(urllib.request.Request(url, data=body), timeout=REQUEST_TIMEOUT) as r:
            return r.geturl(), r.read().decode()

    def login(self, next_path: str = "") -> str:
        """Log in through the form (GET for the CSRF token, then POST). Returns the final URL and page."""
        url = f"{self.base}/accounts/login/" + (f"?{urlencode({'next': next_path})}" if next_path else "")
        url, page = self.open(url)
        return self.post_login(url, page, next_path)

    def post_login(self, url: str, page: str, next_path: str):
        match = CSRF_RE.search(page)
        if not match:
            raise RuntimeError("no CSRF token on the login page")
        return self.open(
            url,
            {
                "csrfmiddlewaretoken": match.group(1),
                "username": self.username,
                "password": PASSWORD,
                "next": next_path,
            },
        )

    def sign_in(self, token: str, logged_in: bool) -> tuple[bool, str]:
        url, page = self.open(f"{self.base}/meetings/signin/{self.meeting_id}/{token}/")
        if not logged_in:  # the scan led to the login page; logging in leads to the confirm page
            if "/accounts/login/" not in url:
                return False, f"scan did not lead to the login page: {url}"
            next_path = parse_qs(urlparse(url).query).get("next", [""])[0]
            url, page = self.post_login(url, page, next_path)
        if urlparse(url).path != self.confirm_path:
            return False, f"ended on {urlparse(url).path}"
        if "签到成功" not in page:
            return False, "no 签到成功 on the confirm page"
        return True, ""


# --- run -----------------------------------------------------------------------------------


def run(base: str, meeting_id: int, users: list[tuple[str, int]], prelogin: bool, token_issue) -> dict:
    phones = [Phone(base, meeting_id, u) for u, _pid in users]
    if prelogin:  # outside the clock
        t = time.perf_counter()
        errors = run_threads([lambda p=p: p.login() for p in phones], deadline=RUN_DEADLINE)
        print(
            f"pre-login of {len(phones)} phones: {time.perf_counter() - t:.1f} s, "
            f"errors {sum(1 for e in errors if e)}"
        )
    results: list[dict | None] = [None] * len(phones)
    barrier = threading.Barrier(len(phones))

    def one(i: int) -> None:
        phone = phones[i]
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        start = time.perf_counter()
        try:
            ok, error = phone.sign_in(token_issue(meeting_id), logged_in=prelogin)
        except urllib.error.HTTPError as e:
            ok, error = False, f"HTTP {e.code}"
        except Exception as e:  # noqa: BLE001 - a benchmark records every failure and goes on
            ok, error = False, f"{type(e).__name__}: {e}"
        results[i] = {"start": start, "end": time.perf_counter(), "ok": ok, "error": error}

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(phones))]
    for t in threads:
        t.start()
    deadline = time.monotonic() + RUN_DEADLINE
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    return {"results": results, "unfinished": sum(1 for t in threads if t.is_alive())}


def run_threads(funcs, deadline: float) -> list[str]:
    errors = [""] * len(funcs)

    def call(i):
        try:
            funcs[i]()
        except Exception as e:  # noqa: BLE001
            errors[i] = f"{type(e).__name__}: {e}"

    threads = [threading.Thread(target=call, args=(i,), daemon=True) for i in range(len(funcs))]
    for t in threads:
        t.start()
    end = time.monotonic() + deadline
    for t in threads:
        t.join(timeout=max(0.0, end - time.monotonic()))
    return errors


def check_db(meeting_id: int, users: list[tuple[str, int]], ok_people: set[int]) -> dict:
    from django.db import connections
    from django.db.models import Count

    from dangjian.core.models import AuditEvent
    from dangjian.meetings.models import Attendance

    connections.close_all()  # read what the server wrote
    rows = Attendance.objects.filter(meeting_id=meeting_id)
    present = set(
        rows.filter(status="present", method="qr", signed_in_at__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    expected = {pid for _u, pid in users}
    return {
        "roster": rows.count(),
        "present_qr": len(present),
        "duplicate_rows": rows.values("person_id").annotate(n=Count("id")).filter(n__gt=1).count(),
        "lost": len(expected - present),
        "reported_ok_but_absent": len(ok_people - present),
        "present_but_reported_failed": len(present - ok_people),
        "signin_audit_events": AuditEvent.objects.filter(
            object_type="meetings.meeting", object_id=str(meeting_id), changes__has_key="signed_in"
        ).count(),
    }


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--prelogin", action="store_true", help="phones already logged in: time scan + confirm"
    )
    args = parser.parse_args()
    os.environ.setdefault("DANGJIAN_VAR_DIR", VAR_DIR)
    if not port_free(args.port):
        sys.exit(f"127.0.0.1:{args.port} is in use")

    t = time.perf_counter()
    var_dir = setup(fresh=True, var_dir=VAR_DIR)
    meeting_id, users = build(args.members)
    print(
        f"setup: {args.members} members with users and a held meeting in {time.perf_counter() - t:.1f} s "
        f"({var_dir})"
    )
    from django.db import connections

    from dangjian.meetings.signin import token_issue

    connections.close_all()

    base = f"http://127.0.0.1:{args.port}"
    proc = start_server(args.port, var_dir, args.workers, args.threads)
    try:
        wait_ready(base, proc)
        print(f"server: gunicorn {args.workers} workers x {args.threads} threads on {base} (pid {proc.pid})")
        outcome = run(base, meeting_id, users, args.prelogin, token_issue)
    finally:
        stop_server(proc)

    results = [r for r in outcome["results"] if r is not None]
    ok = [r for r in results if r["ok"]]
    total = (max(r["end"] for r in results) - min(r["start"] for r in results)) if results else 0.0
    latencies = [r["end"] - r["start"] for r in ok]
    errors: dict[str, int] = {}
    for r in results:
        if not r["ok"]:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    ok_people = {users[i][1] for i, r in enumerate(outcome["results"]) if r and r["ok"]}
    db = check_db(meeting_id, users, ok_people)

    scenario = "scan + confirm (already logged in)" if args.prelogin else "scan + login (CSRF) + confirm"
    print(f"scenario: {args.members} members at once, each: {scenario}")
    print(
        f"total: {total:.2f} s for {len(results)} sign-ins ({len(ok)} ok, {len(results) - len(ok)} failed, "
        f"{outcome['unfinished']} unfinished); target 200 within 30 s: "
        f"{'met' if len(ok) >= 200 and total <= 30 else 'NOT met'}"
    )
    if latencies:
        print(
            f"per sign-in: p50 {statistics.median(latencies):.2f} s, p95 {pct(latencies, 95):.2f} s, "
            f"max {max(latencies):.2f} s; throughput {len(ok) / total:.1f} sign-ins/s"
        )
    print(f"errors: {errors or 'none'}")
    print("database: " + ", ".join(f"{k} {v}" for k, v in db.items()))


if __name__ == "__main__":
    main()
