"""Check a hand-written summary against the records (核对单位总结).

A unit's own summary (pasted text or a .docx) is cut into sentences; every figure in it ("4512人",
"6.4万册", "150余人") is found, and matched to metrics by its sentence: the words (two-character
pieces) just before and after the figure are compared with those around each reference of the
summary templates and with the metric's name. The best candidates are offered with the reason (the
words they share); the user confirms one per figure; the metric is then computed for the unit's
scope and year and each figure is marked as matching or not, with the records behind the value.

Reading a .docx: python-docx over a size-checked zip (no macros or external parts are followed).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from docx import Document

from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import REGISTRY
from dangjian.reports import errors, placeholders, summary

MAX_TEXT = 50_000
MAX_DOCX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
LEFT, RIGHT = 14, 6
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万)?(余)?")
_YEAR_LIKE = re.compile(r"^(19|20)\d\d$")
_PUNCT = re.compile(r"[\s,，。；;、:：“”\"'()（）《》〔〕\[\]…—-]")


@dataclass
class Candidate:
    metric_id: str
    label: str
    score: float
    shared: list[str]

    @property
    def reason(self) -> str:
        return "共同词语：" + "、".join(self.shared[:8]) if self.shared else "仅按指标名称"


@dataclass
class Found:
    index: int
    text: str  # as written: "6.4万", "150余"
    number: Decimal  # the value it states: 64000, 150
    rule: str  # how it is written, as a display rule ("", "余", "万", "万余")
    sentence: str
    left: str
    right: str
    candidates: list[Candidate] = field(default_factory=list)


def _bigrams(text: str) -> set[str]:
    text = _PUNCT.sub("", re.sub(r"\d+(\.\d+)?", "", text))
    return {text[i : i + 2] for i in range(len(text) - 1)}


def read_docx(data: bytes) -> str:
    if len(data) > MAX_DOCX_BYTES:
        raise ApplicationError(errors.ERR_CHECK_FILE_TOO_BIG, field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if (
                sum(i.file_size for i in z.infolist()) > MAX_UNPACKED
                or "word/document.xml" not in z.namelist()
            ):
                raise ApplicationError(errors.ERR_CHECK_NOT_DOCX, field="file")
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise ApplicationError(errors.ERR_CHECK_NOT_DOCX, field="file") from e
    return "\n".join(p.text for p in doc.paragraphs)


@dataclass
class RefContext:
    metric_id: str
    left: set[str]
    right: set[str]


def reference_contexts() -> list[RefContext]:
    """Around every figure reference of the shipped templates: the words before and after it."""
    out: list[RefContext] = []
    for text in summary.shipped_templates().values():
        for block in placeholders.parse(text):
            parts = block.parts
            for i, part in enumerate(parts):
                if not isinstance(part, placeholders.Ref) or part.builtin:
                    continue
                before = "".join(p.text for p in parts[max(0, i - 1) : i] if isinstance(p, placeholders.Text))
                after = "".join(p.text for p in parts[i + 1 : i + 2] if isinstance(p, placeholders.Text))
                before = re.split(r"[。；;,，]", before)[-1][-LEFT:]
                after = re.split(r"[。；;,，]", after)[0][:RIGHT]
                out.append(RefContext(part.id, _bigrams(before), _bigrams(after)))
    return out


def find_figures(text: str) -> list[Found]:
    if not text.strip():
        raise ApplicationError(errors.ERR_CHECK_EMPTY, field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(errors.ERR_CHECK_TOO_LONG.format(limit=MAX_TEXT), field="text")
    contexts = reference_contexts()
    found: list[Found] = []
    for sentence in summary.sentences(text):
        for m in _FIGURE.finditer(sentence):
            digits, wan, yu = m.group(1), m.group(2), m.group(3)
            after = re.split(r"[,，；;。、]", sentence[m.end() : m.end() + RIGHT])[0]
            if _YEAR_LIKE.match(digits) and not wan and after[:1] in ("年", "—", "-"):
                continue  # a year, not a figure
            if after[:1] in ("月", "日", "时", "号") or after[:1] == "%":
                continue
            number = Decimal(digits) * (10000 if wan else 1)
            rule = ("万" if wan else "") + ("余" if yu else "")
            left = sentence[max(0, m.start() - LEFT) : m.start()]
            left = re.split(r"[,，；;]", left)[-1]
            f = Found(len(found), m.group(0).strip(), number, rule, sentence, left, after)
            f.candidates = _candidates(f, contexts)
            found.append(f)
    return found


def _candidates(f: Found, contexts: list[RefContext], limit: int = 3) -> list[Candidate]:
    left, right = _bigrams(f.left), _bigrams(f.right)
    unit = f.right[:1]
    best: dict[str, Candidate] = {}
    for ctx in contexts:
        metric = REGISTRY.get(ctx.metric_id)
        if metric is None:
            continue
        shared = sorted((left & ctx.left) | (right & ctx.right))
        score: float = len(left & ctx.left) + 2 * len(right & ctx.right)
        if unit and metric.unit.startswith(unit):
            score, shared = score + 1.5, shared + [f"单位“{unit}”"]
        if score and (ctx.metric_id not in best or best[ctx.metric_id].score < score):
            best[ctx.metric_id] = Candidate(ctx.metric_id, metric.label, score, shared)
    for metric in REGISTRY.values():  # metrics no template uses: by their name and unit
        name = _bigrams(metric.label + metric.unit)
        shared = sorted((left | right) & name)
        score = len(shared) * 0.8
        if shared and unit and metric.unit.startswith(unit):
            score, shared = score + 1.5, shared + [f"单位“{unit}”"]
        if score and (metric.id not in best or best[metric.id].score < score):
            best[metric.id] = Candidate(metric.id, metric.label, score, shared)
    return sorted(best.values(), key=lambda c: -c.score)[:limit]


@dataclass
class Verdict:
    found: Found
    metric_id: str
    label: str
    value: object
    shown: str  # the computed value written the way the text writes it
    ok: bool
    url: str


def verdict(f: Found, metric_id: str, value, url: str) -> Verdict:
    metric = REGISTRY[metric_id]
    computed = Decimal(str(value))
    shown = placeholders.display(value, f.rule)
    # Written as an approximation ("6.4万", "150余"): it matches when the computed value is written
    # the same way; otherwise the number itself must be equal.
    ok = shown == f.text.replace(" ", "") if f.rule else computed == f.number
    return Verdict(f, metric_id, metric.label, value, shown, ok, url)
