"""The 2023 summary template against the seed text: with the seed's values, every sentence that
holds figures reads exactly as the seed's sentence (for the metrics registered now, and for all 60
once every area has registered its own)."""

import json
from pathlib import Path
from unittest import mock

import pytest

from dangjian.core import metrics
from dangjian.core.metrics import REGISTRY, MetricResult, ReportScope
from dangjian.reports import summary
from dangjian.reports.summary import sentences, shipped_templates

DATA = Path(__file__).parent / "data"
SEED_TEXT = (DATA / "2023-work-summary.zh.txt").read_text(encoding="utf-8")
SEED_FIGURES = json.loads((DATA / "seed-2023-figures.json").read_text(encoding="utf-8"))["figures"]
SEED_VALUES = {f["id"]: f["value"] for f in SEED_FIGURES}
PROVINCE = ReportScope(path="0001", org_id=1, label="省直机关工委")
SEED_SENTENCES = set(sentences(SEED_TEXT))


def _render(values):
    return summary.build(scope=PROVINCE, year=2023, text=shipped_templates()[2023], values=values)


def _figure_sentences(rendered):
    return [s for s in sentences(rendered.plain_text) if any(ch.isdigit() for ch in s) or "〔未接入" in s]


def test_the_2023_template_references_every_seed_figure_once_in_order():
    ids = [f.id for f in _render({}).figures]
    assert ids == [f["id"] for f in SEED_FIGURES]


def test_registered_figures_render_the_seed_sentences():
    registered = {i: v for i, v in SEED_VALUES.items() if i in REGISTRY}
    assert registered, "no seed metric is registered"
    rendered = _render(registered)
    checked = 0
    for sentence in _figure_sentences(rendered):
        if "〔未接入" in sentence:
            continue
        assert sentence in SEED_SENTENCES
        checked += 1
    assert checked >= 1
    assert rendered.missing == sorted(set(SEED_VALUES) - set(REGISTRY))


def test_with_all_sixty_registered_every_sentence_with_a_figure_is_the_seeds():
    fake = {i: metrics.Metric(i, i, "", "x", lambda s, p: MetricResult(0)) for i in SEED_VALUES}
    with mock.patch.dict(REGISTRY, fake):
        rendered = _render(SEED_VALUES)
    assert rendered.missing == []
    got = _figure_sentences(rendered)
    want = [s for s in sentences(SEED_TEXT) if any(ch.isdigit() for ch in s) and s not in got]
    assert [s for s in got if s not in SEED_SENTENCES] == []
    # Sentences of the seed with digits that the template writes as they are (e.g. "今年9月").
    assert all("{{" not in s for s in got)
    assert rendered.title == SEED_TEXT.splitlines()[0]
    assert len(want) < 12


@pytest.mark.parametrize(
    "value,rule,text",
    [
        (153, "余", "150余"),
        (150, "余", "150余"),
        (1437, "余", "1400余"),
        (7, "余", "7"),
        (64000, "万", "6.4万"),
        (64999, "万", "6.4万"),
        (25310, "万余", "2.5万余"),
        (100, "中文", "百"),
        (340, "中文", "三百"),
        (15, "-1", "14"),
        (220.8, "", "220.8"),
        (4512, "", "4512"),
    ],
)
def test_display_rules(value, rule, text):
    from dangjian.reports.placeholders import display

    assert display(value, rule) == text
