"""The demo's stages: each area registers the builder of its part of the demo province, with the
labels the `dangjian demo` command prints for its timed steps and its counts:

    @demo_stage("people", order=20, label="人员、党籍与职务", steps={"people.generate": "生成人员"},
                counts=[("people", "人员")])
    def build(ctx) -> None: ...

Stages run by `order` (the order fixes the random draws: the same seed gives the same province),
in one transaction (dangjian.demo.builder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoStage:
    name: str
    build: Callable[[Any], None]
    order: int
    label: str
    steps: dict[str, str] = field(default_factory=dict)  # "<stage>.<step>" -> label
    counts: tuple[tuple[str, str], ...] = ()  # (ctx.counts key, label), in the printed order


STAGES: dict[str, DemoStage] = {}


def demo_stage(
    name: str,
    *,
    order: int,
    label: str,
    steps: dict[str, str] | None = None,
    counts: list[tuple[str, str]] | None = None,
):
    def register(fn):
        if name in STAGES:
            raise ValueError(f"demo stage {name} registered twice")
        STAGES[name] = DemoStage(name, fn, order, label, steps or {}, tuple(counts or ()))
        return fn

    return register


def ordered() -> list[DemoStage]:
    return sorted(STAGES.values(), key=lambda s: s.order)


def labels() -> dict[str, str]:
    """Every stage's and step's label."""
    out: dict[str, str] = {}
    for stage in ordered():
        out[stage.name] = stage.label
        out.update(stage.steps)
    return out


def count_labels() -> list[tuple[str, str]]:
    return [pair for stage in ordered() for pair in stage.counts]
