"""Shared by the benchmarks: a PRIVATE database, never the repository's var/ nor the database of
DATABASE_URL: SQLite under DANGJIAN_VAR_DIR, or PostgreSQL when BENCH_DATABASE_URL names a database
whose name contains "bench" (created when missing), e.g.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangjian_bench python bench/bench_reports.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = "/tmp/dangjian-bench-demo"


def setup(*, fresh: bool, var_dir: str = DEFAULT_DIR) -> Path:
    """Point Django at DANGJIAN_VAR_DIR (default: `var_dir`), optionally delete its database first,
    set Django up and migrate. Returns the directory."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DANGJIAN_VAR_DIR", var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("JOBS_MODE", "sync")
    path = Path(os.environ["DANGJIAN_VAR_DIR"]).resolve()
    if path == (ROOT / "var").resolve():
        sys.exit("refusing to run on the repository's var/: set DANGJIAN_VAR_DIR to a private directory")
    if os.environ.get("DATABASE_URL"):
        sys.exit("unset DATABASE_URL: the benchmarks use their own database (see BENCH_DATABASE_URL)")
    path.mkdir(parents=True, exist_ok=True)
    bench_url = os.environ.get("BENCH_DATABASE_URL", "")
    if bench_url:
        _postgres(bench_url, fresh=fresh)
    elif fresh:
        for suffix in ("", "-wal", "-shm"):
            (path / f"dangjian.sqlite3{suffix}").unlink(missing_ok=True)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    if not bench_url:
        assert Path(settings.DATABASES["default"]["NAME"]).resolve().parent == path
    call_command("migrate", verbosity=0)
    return path


def _postgres(url: str, *, fresh: bool) -> None:
    """Point DATABASE_URL at the benchmark's own PostgreSQL database, (re)created as asked."""
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL must name a benchmark database (with 'bench' in it), not {name!r}")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url


def ensure_demo() -> None:
    """Build the full demo province (scale 1) in the private database unless it is there."""
    from dangjian.accounts.models import User
    from dangjian.demo import builder as demo

    if not User.objects.filter(username="demo-committee").exists():
        print("building the demo province first (scale 1)...")
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=1.0, password="Bench-Passw0rd!", log=lambda s: None)
