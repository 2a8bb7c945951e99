"""`dangjian demo --year 2023 [--scale 0.05] [--seed N] [--reset]`: build the demo province."""

import datetime as dt
import os

from django.core.management.base import BaseCommand, CommandError

from dangjian.core import demo as demo_stages
from dangjian.demo import builder as demo

# The builder's own steps; each stage registers its labels (core.demo).
LABELS = {"analyze": "更新查询统计信息", "total": "合计"}


class Command(BaseCommand):
    help = "生成演示省份数据（单位、党组织、人员、党籍、职务、演示账号）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2023, help="演示年度（默认 2023）")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="规模系数，如 0.05 用于快速试用（默认 1）"
        )
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="随机种子（同一种子生成相同数据）"
        )
        parser.add_argument("--reset", action="store_true", help="先清空现有业务数据再生成")

    def handle(self, *args, year, scale, seed, reset, **options):
        if not 2000 <= year or dt.date(year, 12, 31) >= dt.date.today():
            raise CommandError(f"年度 {year} 无效：须为 2000 年以后、且已经结束的年度。")
        if not 0 < scale <= 2:
            raise CommandError(f"规模系数 {scale} 无效：须大于 0 且不超过 2。")
        existing = demo.existing_data()
        if any(existing.values()):
            if not reset:
                raise CommandError(
                    f"数据库中已有数据（{existing['units']} 个单位、{existing['orgs']} 个党组织、"
                    f"{existing['people']} 名人员），未生成演示数据。如需重新生成，请加 --reset"
                    "（将清空现有业务数据，超级管理员账号保留）。"
                )
            demo.reset(log=self.stdout.write)
        elif reset:
            demo.reset(log=self.stdout.write)  # users, sessions and stray rows of an empty tree
        self.stdout.write(f"正在生成 {year} 年度演示数据（规模 {scale:g}，种子 {seed}）……")
        ctx = demo.build(
            year=year,
            scale=scale,
            seed=seed,
            password=os.environ.get("DANGJIAN_DEMO_PASSWORD", ""),
            log=self.stdout.write,
        )
        labels = {**demo_stages.labels(), **LABELS}
        for stage, seconds in ctx.timings:
            indent = "    " if "." in stage else "  "
            self.stdout.write(f"{indent}{labels.get(stage, stage)}: {seconds:.1f} 秒")
        self.stdout.write(
            "  "
            + "，".join(
                f"{label} {ctx.counts[key]:,}"
                for key, label in demo_stages.count_labels()
                if key in ctx.counts
            )
        )
        self.stdout.write(self.style.SUCCESS("演示数据已生成。演示账号（密码相同）："))
        width = max(len(u) for u, *_ in ctx.logins)
        self.stdout.write(f"  {'账号'.ljust(width)}  角色            授权范围")
        for username, role, scope, _display in ctx.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role}{'　' * (7 - len(role))}  {scope}")
        source = "环境变量 DANGJIAN_DEMO_PASSWORD" if os.environ.get("DANGJIAN_DEMO_PASSWORD") else "随机生成"
        self.stdout.write(f"  密码: {ctx.password}（{source}）")
