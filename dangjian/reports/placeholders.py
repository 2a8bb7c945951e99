"""The summary template language: plain text with figure references, nothing else.

A template is lines of text. Structure comes from the start of a line:

    # 标题                      the document title (first such line)
    ## 建设政治机关               a section heading
    ### 走好第一方阵              its second line (subheading)
    any other non-blank line    a paragraph

A figure is `{{metric_id}}` or `{{metric_id|rule}}`. The id is a registered metric (or one of the
built-ins below); the rule says how the number is written:

    (none)   the exact number: 4512, 220.8
    余       "at least": the number cut to two significant digits, then 余 (from 10 up):
             153 → 150余, 150 → 150余, 1437 → 1400余, 7 → 7
    万       in 万 with one decimal, cut not rounded: 64321 → 6.4万 (the unit follows in the text)
    万余     the same, then 余 (from 1万 up): 25310 → 2.5万余
    中文     in Chinese numerals, cut to the leading digit: 100 → 百, 300 → 三百
    -N       the number less N (for a count that the text splits, "14个市和省沈抚示范区" = 15 − 1)

Built-ins: `{{year}}`, `{{last_year}}`, `{{next_year}}`, `{{scope}}` (the scope's name).

Nothing else is syntax: there are no attributes, no calls, no loops, no includes. The parser
accepts exactly `{{ name }}` / `{{ name | rule }}` with `name` in [a-z][a-z0-9_]* and `rule` from
the fixed list, and refuses any other `{{`, `}}`, `{%` or `{#` with the line number, so a template
cannot express anything a Django or Jinja template could do. Text is escaped when rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from dangjian.core.errors import ApplicationError
from dangjian.core.numerals import cn_number
from dangjian.reports import errors

BUILTINS = ("year", "last_year", "next_year", "scope")
RULES = ("余", "万", "万余", "中文")
_OFFSET = re.compile(r"-(\d{1,3})")
_REF = re.compile(r"\{\{\s*([a-z][a-z0-9_]{0,79})\s*(?:\|\s*([^\s{}|]{1,6})\s*)?\}\}")
_OPENERS = ("{{", "}}", "{%", "%}", "{#", "#}")
MAX_LINES = 2000
MAX_CHARS = 100_000


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Ref:
    id: str
    rule: str
    line: int

    @property
    def builtin(self) -> bool:
        return self.id in BUILTINS


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "heading", "subheading", "para"
    parts: tuple[Text | Ref, ...]
    line: int

    @property
    def refs(self) -> list[Ref]:
        return [p for p in self.parts if isinstance(p, Ref)]


def _valid_rule(rule: str) -> bool:
    return rule in RULES or bool(_OFFSET.fullmatch(rule))


def _parse_line(text: str, lineno: int) -> tuple[Text | Ref, ...]:
    parts: list[Text | Ref] = []
    pos = 0
    for m in _REF.finditer(text):
        literal = text[pos : m.start()]
        _check_literal(literal, lineno)
        if literal:
            parts.append(Text(literal))
        rule = m.group(2) or ""
        if rule and not _valid_rule(rule):
            raise ApplicationError(
                errors.ERR_BAD_RULE.format(line=lineno, ref=m.group(0), rules="、".join(RULES))
            )
        parts.append(Ref(m.group(1), rule, lineno))
        pos = m.end()
    literal = text[pos:]
    _check_literal(literal, lineno)
    if literal:
        parts.append(Text(literal))
    return tuple(parts)


def _check_literal(literal: str, lineno: int) -> None:
    for opener in _OPENERS:
        at = literal.find(opener)
        if at >= 0:
            snippet = literal[max(0, at - 5) : at + 25]
            raise ApplicationError(errors.ERR_BAD_PLACEHOLDER.format(line=lineno, snippet=snippet))


def parse(source: str) -> list[Block]:
    """The template as blocks; ApplicationError naming the line for anything malformed."""
    if len(source) > MAX_CHARS:
        raise ApplicationError(errors.ERR_TEMPLATE_TOO_LONG.format(limit=MAX_CHARS))
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        raise ApplicationError(errors.ERR_TEMPLATE_TOO_LONG.format(limit=MAX_CHARS))
    blocks: list[Block] = []
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        kind = "para"
        for prefix, k in (("### ", "subheading"), ("## ", "heading"), ("# ", "title")):
            if line.startswith(prefix):
                kind, line = k, line[len(prefix) :].strip()
                break
        if kind == "title" and any(b.kind == "title" for b in blocks):
            raise ApplicationError(errors.ERR_TWO_TITLES.format(line=lineno))
        blocks.append(Block(kind, _parse_line(line, lineno), lineno))
    if not blocks:
        raise ApplicationError(errors.ERR_TEMPLATE_EMPTY)
    return blocks


def validate(source: str, known_ids) -> list[Block]:
    """Parse, and refuse a reference to an id that is neither known nor built in."""
    blocks = parse(source)
    for block in blocks:
        for ref in block.refs:
            if not ref.builtin and ref.id not in known_ids:
                raise ApplicationError(errors.ERR_UNKNOWN_METRIC.format(line=ref.line, id=ref.id))
    return blocks


# --- display rules -------------------------------------------------------------------------


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def plain(value) -> str:
    """4512 → "4512"; 220.80 → "220.8"; 3.0 → "3"."""
    d = _decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _cut_sig(n: Decimal, digits: int) -> Decimal:
    if n <= 0:
        return Decimal(0)
    magnitude = len(str(int(n))) - digits
    if magnitude <= 0:
        return n.to_integral_value(rounding=ROUND_DOWN)
    step = Decimal(10) ** magnitude
    return (n / step).to_integral_value(rounding=ROUND_DOWN) * step


def display(value, rule: str) -> str:
    """How a value is written under a display rule (the module docstring lists them)."""
    d = _decimal(value)
    if not rule:
        return plain(d)
    if rule == "余":
        cut = _cut_sig(d, 2)
        return plain(cut) + ("余" if d >= 10 else "")
    if rule in ("万", "万余"):
        wan = (d / 10000).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
        return plain(wan) + "万" + ("余" if rule == "万余" and d >= 10000 else "")
    if rule == "中文":
        whole = int(_cut_sig(d, 1))
        text = cn_number(whole)
        return text[1:] if text.startswith("一") and whole >= 100 else text
    m = _OFFSET.fullmatch(rule)
    if m:
        return plain(d - int(m.group(1)))
    return plain(d)
