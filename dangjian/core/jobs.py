"""Background jobs: imports, exports and reports of tens of thousands of rows.

A job is a row (status, progress, result file) and a handler registered by kind. By
settings.JOBS_MODE it runs in a thread of the web process (the embedded default: nothing to
install), in `dangjian run_jobs` (a separate worker, for production), or inline (tests). The user
can leave the page: the job page polls the row.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connection, connections, transaction
from django.utils import timezone

from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, get_or_404
from dangjian.core.models import Job, JobStatus

log = logging.getLogger(__name__)
HANDLERS: dict[str, Callable] = {}
_local = threading.local()


def job_handler(kind: str):
    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


def job_dir(job: Job) -> Path:
    path = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


class Progress:
    """Handed to a handler: set the total, advance, without writing the row on every step."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0

    def total(self, n: int) -> None:
        self.job.total = n
        _update_job(self.job.pk, total=n)

    def set(self, done: int) -> None:
        self.job.progress = done
        if done - self._last >= max(1, self.job.total // 50) or done == self.job.total:
            self._last = done
            _update_job(self.job.pk, progress=done)


def _update_job(job_id: int, **fields) -> None:
    """Write progress fields of a job row. Inside `read_snapshot` the handler's own connection must
    not write (on SQLite that would turn its read snapshot into a write transaction, refused once
    another connection has committed), so the row is written through a second connection."""
    fields["updated_at"] = fields["heartbeat_at"] = timezone.now()
    side = getattr(_local, "side", None)
    if side is None:
        Job.objects.filter(pk=job_id).update(**fields)
        return
    ops = side.ops
    values = [
        ops.adapt_datetimefield_value(v) if isinstance(v, datetime.datetime) else v for v in fields.values()
    ]
    assignments = ", ".join(f"{ops.quote_name(name)} = %s" for name in fields)
    sql = f"UPDATE {ops.quote_name(Job._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608 - names from code
    with side.cursor() as cursor:
        cursor.execute(sql, [*values, job_id])


@contextmanager
def read_snapshot():
    """Long reads (exports) see the database as of one moment without holding any lock writers wait
    for. On SQLite (WAL): one deferred read transaction on this connection; writers keep committing
    meanwhile, and the snapshot never takes the write lock, so neither side waits for the other.
    Nothing inside may write on this connection: job progress goes through a second connection
    (`_update_job`); audit rows are written after the block. On PostgreSQL reads never block and
    this is a no-op, as it is inside an atomic block (tests)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block or getattr(_local, "side", None):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        cursor.execute("SELECT count(*) FROM sqlite_master")  # the snapshot starts at the first read
    _local.side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        _local.side.close()
        _local.side = None
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")  # it only read


def job_submit(*, actor: Actor, kind: str, title: str, params: dict | None = None) -> Job:
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(kind=kind, title=title, created_by=actor, params=params or {})
    mode = settings.JOBS_MODE
    if mode == "sync":
        run_job(job.pk)
        job.refresh_from_db()
    elif mode == "thread":
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )
    return job


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        connection.close()


def worker_id() -> str:
    """This process, as written on the jobs it runs (after a fork, the child's own pid)."""
    return f"{socket.gethostname()}:{os.getpid()}"


_RUNNING: set[int] = set()  # the jobs this process is running now


def run_job(job_id: int) -> Job:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != JobStatus.PENDING:
        return job
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now, worker=worker_id(), heartbeat_at=now
    )
    job.status = JobStatus.RUNNING
    _RUNNING.add(job.pk)
    beat = _Heartbeat(job.pk) if settings.JOBS_MODE != "sync" else None
    try:
        HANDLERS[job.kind](job, Progress(job))
        job.status = JobStatus.DONE
        job.progress = job.total  # a finished job has done all it counted
    except ApplicationError as e:
        job.status, job.message = JobStatus.FAILED, e.message
    except Exception:  # noqa: BLE001 - a job must end with a status the user can read
        log.error("job %s failed:\n%s", job.pk, traceback.format_exc())
        job.status, job.message = JobStatus.FAILED, "任务执行出错，请联系管理员查看日志。"
    finally:
        _RUNNING.discard(job.pk)
        if beat is not None:
            beat.stop()
    job.finished_at = timezone.now()
    _retry_when_locked(
        lambda: job.save(
            update_fields=[
                "status",
                "message",
                "result",
                "result_file",
                "result_name",
                "progress",
                "total",
                "finished_at",
                "updated_at",
            ]
        )
    )
    return job


def _retry_when_locked(write: Callable[[], None], attempts: int = 3) -> None:
    """Repeat an idempotent write that SQLite refused after its busy timeout (a long writer elsewhere)."""
    from django.db import OperationalError

    for attempt in range(attempts):
        try:
            write()
            return
        except OperationalError as e:
            if "locked" not in str(e) or attempt == attempts - 1:
                raise


HEARTBEAT_SECONDS = 15
STALE_AFTER_SECONDS = 120
ERR_INTERRUPTED = "任务中断（服务重启或进程退出），请重新提交。"


class _Heartbeat:
    """Touches the job's heartbeat every HEARTBEAT_SECONDS from its own thread and connection, so a
    job on another machine that stops beating is seen as interrupted within STALE_AFTER_SECONDS. A
    beat that cannot get the write lock (a long import on SQLite) is skipped, not waited for."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # noqa: BLE001 - a missed beat is only a missed beat
                    log.info("heartbeat of job %s skipped", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()


def worker_gone(job: Job) -> bool:
    """The job's process is known to be gone: this process does not run it although it claimed it
    (the thread is gone), or its process on this host no longer exists (killed, restarted)."""
    host, _, pid = (job.worker or "").rpartition(":")
    if not pid.isdigit() or host != socket.gethostname():
        return False
    if int(pid) == os.getpid():
        return job.pk not in _RUNNING
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def mark_stale(qs=None) -> int:
    """Running jobs whose process is gone (`worker_gone`: at once) or that stopped beating for
    STALE_AFTER_SECONDS (a worker elsewhere) lost their thread or worker: say so instead of showing
    "进行中" for ever, and let the user submit again."""
    cutoff = timezone.now() - datetime.timedelta(seconds=STALE_AFTER_SECONDS)
    qs = Job.objects.all() if qs is None else qs
    running = qs.filter(status=JobStatus.RUNNING)
    stale = [
        job.pk
        for job in running.only("pk", "worker", "heartbeat_at", "updated_at")
        if worker_gone(job) or (job.heartbeat_at or job.updated_at) < cutoff
    ]
    if not stale:
        return 0
    return running.filter(pk__in=stale).update(
        status=JobStatus.FAILED, message=ERR_INTERRUPTED, finished_at=timezone.now()
    )


def job_get(*, actor: Actor, job_id) -> Job:
    """A user sees only their own jobs (they carry data of that user's scope)."""
    job = get_or_404(Job.objects.filter(created_by=actor), job_id)
    if mark_stale(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job
