from django.core.management.base import BaseCommand
from django.db import transaction

from dangjian.meetings import tally


class Command(BaseCommand):
    help = (
        "核对会议按月统计表（三会一课落实率的依据）与会议记录是否一致；加 --rebuild 则按会议记录重新统计。"
        "恢复备份或清空（TRUNCATE）会议表、修改时区后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="按会议记录重新统计")

    def handle(self, *args, rebuild, **options):
        if not tally.installed():
            self.stdout.write("会议表上没有维护统计的触发器（数据库未经迁移建立？）：请运行 migrate。")
            raise SystemExit(2)
        wrong = tally.differences()
        if not wrong:
            self.stdout.write("会议按月统计与会议记录一致。")
            return
        self.stdout.write(f"会议按月统计有 {len(wrong)} 组（组织×类型×年度）与会议记录不一致。")
        if not rebuild:
            self.stdout.write("加 --rebuild 重新统计。")
            raise SystemExit(1)
        with transaction.atomic():
            tally.rebuild()
        self.stdout.write(f"已重新统计；现在不一致的组数：{len(tally.differences())}。")
