import time

from django.core.management.base import BaseCommand
from django.db import transaction

from dangjian.core import jobs
from dangjian.core.models import Job, JobStatus


class Command(BaseCommand):
    help = "后台任务执行器（JOBS_MODE=worker 时使用）：循环领取排队中的任务并执行。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="执行完当前排队的任务后退出")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, once, interval, **options):
        while True:
            job = self._claim()
            if job is None:
                if once:
                    return
                time.sleep(interval)
                continue
            done = jobs.run_job(job.pk)
            self.stdout.write(f"{done.pk} {done.kind} {done.get_status_display()}")

    @transaction.atomic
    def _claim(self):
        return (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=JobStatus.PENDING)
            .order_by("id")
            .first()
        )
