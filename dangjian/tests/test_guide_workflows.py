"""The user guide's workflow pages (docs/guide/workflow-<name>.md) are those `dangjian
workflow_diagrams` writes for the registered workflows: a workflow added or changed without
regenerating its page fails here, so the diagram and the rules the guide cites stay true."""

import re
from pathlib import Path

from django.conf import settings

from dangjian.core import workflow

GUIDE = Path(settings.BASE_DIR) / "docs" / "guide"


def _project_workflows() -> dict[str, workflow.Workflow]:
    """The registered workflows but the test-only example (core/tests/workflow_app)."""
    return {
        name: wf
        for name, wf in workflow.REGISTRY.items()
        if not wf.model.__module__.startswith("dangjian.core.tests.")
    }


def test_every_workflow_has_its_generated_guide_page():
    flows = _project_workflows()
    assert {"assessment", "secretary_appraisal", "rectification", "complaint"} <= set(flows)
    stale = []
    for name, wf in sorted(flows.items()):
        page = GUIDE / f"workflow-{name.replace('_', '-')}.md"
        if not page.exists() or page.read_text(encoding="utf-8") != workflow.guide_markdown(wf):
            stale.append(page.name)
    assert not stale, f"run `dangjian workflow_diagrams`: {stale}"


def test_every_guide_page_belongs_to_a_registered_workflow():
    names = {f"workflow-{name.replace('_', '-')}.md" for name in _project_workflows()}
    assert {p.name for p in GUIDE.glob("workflow-*.md")} <= names


def test_the_area_pages_link_their_diagrams():
    text = (GUIDE / "assessments.md").read_text(encoding="utf-8")
    assert "(workflow-assessment.md)" in text and "(workflow-secretary-appraisal.md)" in text
    for page in GUIDE.glob("*.md"):
        for target in re.findall(r"\]\((workflow-[^)]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (GUIDE / target).exists(), f"{page.name}: {target}"
