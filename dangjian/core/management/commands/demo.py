"""`dangjian demo --year 2023 [--scale 0.05] [--seed N] [--reset]`: build the demo province."""

import datetime as dt
import os

from django.core.management.base import BaseCommand, CommandError

from dangjian import demo

STAGE_LABELS = {"organizations": "单位与党组织", "people": "人员、党籍与职务", "accounts": "演示账号",
                "people.generate": "生成人员", "people.insert": "写入人员、党籍、党籍历史", "people.posts": "党务职务", "analyze": "更新查询统计信息",
                "meetings": "组织生活", "meetings.load": "读取人员与组织", "meetings.youth_staff": "补充青年干部",
                "meetings.plan": "安排全年会议", "meetings.youth_groups": "青年理论学习小组",
                "meetings.central_group": "中心组学习", "meetings.attendance": "生成应到名单与出勤",
                "meetings.insert_meetings": "写入会议", "meetings.insert_attendance": "写入出勤",
                "meetings.prompts_materials": "工作提示与学习材料",
                "total": "合计"}
COUNT_LABELS = [("units", "单位"), ("subordinate_units", "下属单位"), ("orgs_organ_committee", "机关党委"),
                ("orgs_general_branch", "党总支"), ("orgs_branch", "党支部"), ("orgs_party_group", "党小组"),
                ("people", "人员"), ("status_full", "正式党员"), ("status_probationary", "预备党员"),
                ("status_candidate", "发展对象"), ("status_activist", "入党积极分子"),
                ("status_applicant", "入党申请人"), ("transfers_in_year", "年内转入支部"),
                ("medal_candidates", "党龄满50年候选"), ("cadre_posts", "党务职务"),
                ("cadre_adjustments", "届中调整"), ("youth_staff", "补充青年干部"), ("meetings", "会议"),
                ("meetings_held", "已召开"), ("study_sessions", "组织党员学习"), ("attendance", "出勤记录"),
                ("agenda_items", "议程"), ("appraisals", "评议等次"), ("central_group_units_attended", "工委列席单位"),
                ("work_prompts", "工作提示"), ("material_copies", "配发学习材料（册）")]


class Command(BaseCommand):
    help = "生成演示省份数据（单位、党组织、人员、党籍、职务、演示账号）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2023, help="演示年度（默认 2023）")
        parser.add_argument("--scale", type=float, default=1.0, help="规模系数，如 0.05 用于快速试用（默认 1）")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="随机种子（同一种子生成相同数据）")
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
                    "（将清空现有业务数据，超级管理员账号保留）。")
            demo.reset(log=self.stdout.write)
        elif reset:
            demo.reset(log=self.stdout.write)  # users, sessions and stray rows of an empty tree
        self.stdout.write(f"正在生成 {year} 年度演示数据（规模 {scale:g}，种子 {seed}）……")
        ctx = demo.build(year=year, scale=scale, seed=seed, password=os.environ.get("DANGJIAN_DEMO_PASSWORD", ""),
                         log=self.stdout.write)
        for stage, seconds in ctx.timings:
            indent = "    " if "." in stage else "  "
            self.stdout.write(f"{indent}{STAGE_LABELS.get(stage, stage)}: {seconds:.1f} 秒")
        self.stdout.write("  " + "，".join(f"{label} {ctx.counts[key]:,}" for key, label in COUNT_LABELS
                                           if key in ctx.counts))
        self.stdout.write(self.style.SUCCESS("演示数据已生成。演示账号（密码相同）："))
        width = max(len(u) for u, *_ in ctx.logins)
        self.stdout.write(f"  {'账号'.ljust(width)}  角色            授权范围")
        for username, role, scope, _display in ctx.logins:
            self.stdout.write(f"  {username.ljust(width)}  {role}{'　' * (7 - len(role))}  {scope}")
        source = "环境变量 DANGJIAN_DEMO_PASSWORD" if os.environ.get("DANGJIAN_DEMO_PASSWORD") else "随机生成"
        self.stdout.write(f"  密码: {ctx.password}（{source}）")
