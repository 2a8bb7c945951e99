from django.core.management.base import BaseCommand
from django.db import transaction

from dangjian.fees import tally


class Command(BaseCommand):
    help = (
        "核对党费按月统计表（收缴党费的依据）与党费交纳记录是否一致；加 --rebuild 则按交纳记录重新统计。"
        "恢复备份或清空（TRUNCATE）党费交纳表后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="按交纳记录重新统计")

    def handle(self, *args, rebuild, **options):
        if not tally.installed():
            self.stdout.write("党费交纳表上没有维护统计的触发器（数据库未经迁移建立？）：请运行 migrate。")
            raise SystemExit(2)
        wrong = tally.differences()
        if not wrong:
            self.stdout.write("党费按月统计与交纳记录一致。")
            return
        self.stdout.write(f"党费按月统计有 {len(wrong)} 组（组织×年度×交纳年份）与交纳记录不一致。")
        if not rebuild:
            self.stdout.write("加 --rebuild 重新统计。")
            raise SystemExit(1)
        with transaction.atomic():
            tally.rebuild()
        self.stdout.write(f"已重新统计；现在不一致的组数：{len(tally.differences())}。")
