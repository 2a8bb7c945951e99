import json

from django.core.management.base import BaseCommand, CommandError

from dangjian.core.metrics import Period, ReportScope, compute_all, scope_for_org
from dangjian.organizations.models import PartyOrganization


class Command(BaseCommand):
    help = "年度报表：dangjian report annual --year 2023 --format json [--scope ORG_ID]"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--scope", type=int, help="党组织ID：只统计该组织及其下级")
        parser.add_argument("--metric", action="append", help="只计算这些指标（可重复）")

    def handle(self, *args, kind, year, format, scope, metric, **options):
        report_scope = ReportScope()
        if scope:
            org = PartyOrganization.objects.filter(pk=scope).first()
            if org is None:
                raise CommandError(f"党组织 {scope} 不存在。")
            report_scope = scope_for_org(org)
        values = compute_all(report_scope, Period.year(year), metric)
        self.stdout.write(json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True))
