import datetime as dt
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from dangjian.core import jobs
from dangjian.core.models import IdempotencyKey


class Command(BaseCommand):
    help = (
        "清理过期的导入上传文件和后台任务结果文件（默认30天），并把中断的任务标记为失败。建议每天运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        cutoff = time.time() - days * 86400
        removed = 0
        root = Path(settings.MEDIA_ROOT)
        for folder in (root / "uploads", root / "jobs"):
            if not folder.exists():
                continue
            for path in folder.iterdir():
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
                    removed += 1
        stale = jobs.mark_stale()
        keys, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
        self.stdout.write(
            f"已清理 {removed} 个文件或目录、{keys} 个过期的防重复提交记录；{stale} 个中断的任务已标记为失败。"
        )
