"""A job whose process died is seen as interrupted at once (its worker id names a process that is
gone), and an import whose commit died (writing nothing) can be committed again."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys

from django.utils import timezone

from dangjian.core import jobs
from dangjian.core.models import Job, JobStatus
from dangjian.people import imports
from dangjian.people.models import Person
from dangjian.people.tests.test_import import row, validate


def dead_worker() -> str:
    """The worker id of a process on this host that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def test_a_running_job_of_a_dead_process_is_interrupted_at_once(world, login):
    now = timezone.now()
    job = Job.objects.create(
        kind="test.echo",
        title="回声",
        created_by=world.secretary,
        status=JobStatus.RUNNING,
        worker=dead_worker(),
        heartbeat_at=now,
    )
    page = login(world.secretary).get(f"/jobs/{job.pk}/").content.decode()
    assert jobs.ERR_INTERRUPTED in page
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_running_job_of_a_live_process_that_beats_is_left_alone(world, login):
    job = Job.objects.create(
        kind="test.echo",
        title="回声",
        created_by=world.secretary,
        status=JobStatus.RUNNING,
        worker=f"{socket.gethostname()}:1",
        heartbeat_at=timezone.now(),
    )
    login(world.secretary).get(f"/jobs/{job.pk}/")
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_job_elsewhere_that_stopped_beating_is_interrupted_after_two_minutes(world):
    late = timezone.now() - dt.timedelta(seconds=jobs.STALE_AFTER_SECONDS + 1)
    job = Job.objects.create(
        kind="test.echo",
        title="回声",
        created_by=world.secretary,
        status=JobStatus.RUNNING,
        worker="another-host:123",
        heartbeat_at=late,
    )
    assert jobs.mark_stale(Job.objects.filter(pk=job.pk)) == 1


def test_a_file_whose_commit_was_killed_can_be_committed_again_at_once(world):
    job = validate(world.committee, [row(1)])
    Job.objects.create(
        kind=imports.COMMIT_KIND,
        title="名册导入",
        created_by=world.committee,
        status=JobStatus.RUNNING,
        params={"validate_job": job.pk},
        worker=dead_worker(),
        heartbeat_at=timezone.now(),
        started_at=timezone.now(),
    )
    commit = imports.roster_commit_submit(actor=world.committee, validate_job=job)
    assert commit.status == JobStatus.DONE, commit.message
    assert Person.objects.filter(name="新人1").count() == 1
