from dangjian.core import audit, jobs
from dangjian.core.models import AuditAction, AuditEvent, Job, JobStatus


@jobs.job_handler("test.echo")
def _echo(job, progress):
    progress.total(3)
    progress.set(3)
    job.result = {"echo": job.params.get("x")}
    job.message = "完成"


@jobs.job_handler("test.partial")
def _partial(job, progress):
    progress.total(20)
    progress.set(19)  # handlers report progress in steps; the last one may not be reported


@jobs.job_handler("test.fail")
def _fail(job, progress):
    raise RuntimeError("boom")


def test_a_job_runs_and_only_its_creator_sees_it(world, login):
    job = jobs.job_submit(actor=world.secretary, kind="test.echo", title="回声", params={"x": 1})
    assert job.status == JobStatus.DONE and job.result == {"echo": 1} and job.percent == 100
    assert login(world.secretary).get(f"/jobs/{job.pk}/").status_code == 200
    assert login(world.committee).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_running_job_says_the_user_may_leave_and_a_finished_one_counts_everything(world, login):
    client = login(world.secretary)
    running = Job.objects.create(
        kind="test.echo",
        title="回声",
        created_by=world.secretary,
        status=JobStatus.RUNNING,
        total=20,
        progress=5,
    )
    page = client.get(f"/jobs/{running.pk}/").content.decode()
    assert "可以离开本页" in page and "（5 / 20）" in page

    done = jobs.job_submit(actor=world.secretary, kind="test.partial", title="部分")
    page = client.get(f"/jobs/{done.pk}/").content.decode()
    assert "已完成</strong>（20 / 20）" in page and "可以离开本页" not in page


def test_a_failing_job_ends_failed_with_a_readable_message(world):
    job = jobs.job_submit(actor=world.secretary, kind="test.fail", title="失败")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "出错" in job.message


def test_a_job_without_a_file_has_nothing_to_download(world, login):
    job = jobs.job_submit(actor=world.secretary, kind="test.echo", title="回声")
    assert login(world.secretary).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_audit_diffs_mask_sensitive_values():
    changes = audit.diff({"id_number": "a", "name": "张三"}, {"id_number": "b", "name": "张四"})
    assert changes == {"id_number": ["***", "***"], "name": ["张三", "张四"]}


def test_a_person_write_is_audited_without_the_id_number(world):
    event = AuditEvent.objects.filter(object_type="people.person", action=AuditAction.CREATE).first()
    assert event is not None
    assert event.changes["id_number"] == [None, "***"]
    assert "2101" not in str(event.changes)
    assert Job.objects.count() == 0


def test_the_worker_command_runs_pending_jobs(world, settings):
    from django.core.management import call_command

    settings.JOBS_MODE = "worker"
    job = jobs.job_submit(actor=world.secretary, kind="test.echo", title="回声", params={"x": 2})
    assert job.status == JobStatus.PENDING
    call_command("run_jobs", "--once")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"echo": 2}


def test_a_service_refusal_in_a_page_is_a_403_page(world, login, settings):
    from django.urls import path

    from dangjian.core.errors import Forbidden

    def refuse(request):
        raise Forbidden()

    import config.urls

    settings.ROOT_URLCONF = type(
        "U", (), {"urlpatterns": [path("refuse/", refuse)] + config.urls.urlpatterns}
    )
    response = login(world.secretary).get("/refuse/")
    assert response.status_code == 403 and "无权操作" in response.content.decode()


def test_a_job_that_stopped_moving_is_reported_interrupted(world, login):
    import datetime as dt

    from django.utils import timezone

    job = Job.objects.create(
        kind="test.echo", title="回声", created_by=world.secretary, status=JobStatus.RUNNING
    )
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    page = login(world.secretary).get(f"/jobs/{job.pk}/").content.decode()
    assert jobs.ERR_INTERRUPTED in page
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_purge_files_removes_old_results_only(world, settings, tmp_path):
    import os
    import time as _time

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    old, new = tmp_path / "jobs" / "1", tmp_path / "uploads" / "new.xlsx"
    old.mkdir(parents=True)
    (old / "x.xlsx").write_bytes(b"x")
    new.parent.mkdir(parents=True)
    new.write_bytes(b"y")
    past = _time.time() - 40 * 86400
    os.utime(old, (past, past))
    call_command("purge_files", "--days", "30")
    assert not old.exists() and new.exists()


def test_a_browser_asking_for_english_still_gets_chinese():
    """Django's own messages and date formats follow the browser's language unless it is pinned:
    an English Windows must not get "This field is required." or "Jan. 3, 2023"."""
    import datetime as dt

    from django import forms
    from django.test import RequestFactory
    from django.utils import formats, translation

    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    language = translation.get_language_from_request(request)
    assert language == "zh-hans"
    with translation.override(language):
        assert formats.date_format(dt.date(2023, 1, 3)) == "2023年1月3日"
        assert str(forms.CharField().error_messages["required"]) == "这个字段是必填项。"
