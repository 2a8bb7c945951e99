"""Write the user guide's page of every registered workflow: its Mermaid state diagram and its
table of transitions with the rules they cite (docs/guide/workflow-<name>.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from dangjian.core import workflow


class Command(BaseCommand):
    help = "生成用户手册中各流程的状态图（docs/guide/workflow-<名称>.md）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "guide"))

    def handle(self, *args, output, **options):
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        for name, wf in sorted(workflow.REGISTRY.items()):
            path = out / f"workflow-{name.replace('_', '-')}.md"
            path.write_text(workflow.guide_markdown(wf), encoding="utf-8")
            self.stdout.write(f"{wf.label}: {path}")
        if not workflow.REGISTRY:
            self.stdout.write("没有已注册的流程。")
