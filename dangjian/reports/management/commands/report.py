import json
import sys

from django.core.management.base import BaseCommand, CommandError

from dangjian.core.metrics import REGISTRY, Period, ReportScope, compute_all, scope_for_org
from dangjian.organizations.models import PartyOrganization
from dangjian.reports import documents, summary


class Command(BaseCommand):
    help = (
        "年度报表：dangjian report annual --year 2023 --format json|html|docx|pdf "
        "[--scope ORG_ID] [--output FILE]"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "html", "docx", "pdf"], default="json")
        parser.add_argument("--scope", type=int, help="党组织ID：只统计该组织及其下级")
        parser.add_argument("--metric", action="append", help="只计算这些指标（可重复，仅 json）")
        parser.add_argument("--output", "-o", help="写入文件（docx、pdf 必须指定）")

    def handle(self, *args, kind, year, format, scope, metric, output, **options):
        report_scope = ReportScope(path="", org_id=None, label="全省直机关")
        if scope:
            org = PartyOrganization.objects.filter(pk=scope).first()
            if org is None:
                raise CommandError(f"党组织 {scope} 不存在。")
            report_scope = scope_for_org(org)
        if format == "json":
            values = compute_all(report_scope, Period.year(year), metric)
            values["_meta"] = {
                "year": year,
                "scope": report_scope.label,
                "registered": [
                    {"id": m.id, "label": m.label, "unit": m.unit, "section": m.section, "approx": m.approx}
                    for m in REGISTRY.values()
                    if not metric or m.id in metric
                ],
                "not_registered": sorted(summary.expected_ids() - set(REGISTRY)),
            }
            self._write(
                json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True).encode(), output, text=True
            )
            return
        doc = summary.build(scope=report_scope, year=year)
        if format == "html":
            from django.template.loader import render_to_string

            html = render_to_string("reports/summary_standalone.html", {"doc": doc})
            self._write(html.encode(), output, text=True)
            return
        if not output:
            raise CommandError(f"--format {format} 需要用 --output 指定文件。")
        content, _type = documents.render(doc, format)
        self._write(content, output, text=False)
        self.stderr.write(f"已写入 {output}（{len(content)} 字节）。")

    def _write(self, content: bytes, output: str | None, *, text: bool) -> None:
        if output:
            with open(output, "wb") as f:
                f.write(content)
        elif text:
            self.stdout.write(content.decode())
        else:
            sys.stdout.buffer.write(content)
