from django.core.management.base import BaseCommand
from django.db import transaction

from dangjian.people import tally


class Command(BaseCommand):
    help = (
        "核对党籍按状态统计表（年末党员数等的依据）与党籍历史是否一致；加 --rebuild 则按党籍历史重新统计。"
        "恢复备份或清空（TRUNCATE）党籍历史表后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="按党籍历史重新统计")

    def handle(self, *args, rebuild, **options):
        if not tally.installed():
            self.stdout.write("党籍历史表上没有维护统计的触发器（数据库未经迁移建立？）：请运行 migrate。")
            raise SystemExit(2)
        wrong = tally.differences()
        if not wrong:
            self.stdout.write("党籍按状态统计与党籍历史一致。")
            return
        self.stdout.write(f"党籍按状态统计有 {len(wrong)} 组（组织×状态）与党籍历史不一致。")
        if not rebuild:
            self.stdout.write("加 --rebuild 重新统计。")
            raise SystemExit(1)
        with transaction.atomic():
            tally.rebuild()
        self.stdout.write(f"已重新统计；现在不一致的组数：{len(tally.differences())}。")
