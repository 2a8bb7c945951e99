"""Shared by the benchmarks: a PRIVATE SQLite database (never the repository's var/)."""

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
        sys.exit("unset DATABASE_URL: the benchmarks use their own SQLite database")
    path.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            (path / f"dangjian.sqlite3{suffix}").unlink(missing_ok=True)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    assert Path(settings.DATABASES["default"]["NAME"]).resolve().parent == path
    call_command("migrate", verbosity=0)
    return path


def ensure_demo() -> None:
    """Build the full demo province (scale 1) in the private database unless it is there."""
    from dangjian.accounts.models import User
    from dangjian.demo import builder as demo

    if not User.objects.filter(username="demo-committee").exists():
        print("building the demo province first (scale 1)...")
        if demo.existing_data()["orgs"]:
            demo.reset(log=lambda s: None)
        demo.build(year=2023, scale=1.0, password="Bench-Passw0rd!", log=lambda s: None)
