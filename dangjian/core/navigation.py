"""The sidebar menu of base.html. Each app registers its entries in `<app>/menu.py` (discovered by
core's AppConfig.ready), each with the predicate over the user that shows it:

    register(MenuEntry("党员名册", "people:member_list", order=110, visible=reads_subtree))

Entries are shown by `order`, the entries of a group together: a group stands where its first
entry's order puts it, its entries in their order after its heading, so an app's entry cannot
split another app's group. Nothing here knows the apps or their roles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str = ""  # reversed when the menu is drawn
    order: int = 0
    group: str = ""
    visible: Callable[[object], bool] = everyone
    url: str = ""  # a fixed address instead of url_name


REGISTRY: list[MenuEntry] = []


def register(*entries: MenuEntry) -> None:
    for entry in entries:
        if any(e.label == entry.label and e.group == entry.group for e in REGISTRY):
            raise ValueError(f"menu entry {entry.group}/{entry.label} registered twice")
        REGISTRY.append(entry)
    anchor: dict[str, int] = {}
    for e in REGISTRY:
        if e.group:
            anchor[e.group] = min(anchor.get(e.group, e.order), e.order)
    REGISTRY.sort(key=lambda e: (anchor.get(e.group, e.order), e.order))


def menu_for(user) -> list[dict]:
    """The entries the user sees, in order, each with `href` and `heading` (the group title to print
    before it, or "")."""
    shown, group = [], ""
    for entry in REGISTRY:
        if not entry.visible(user):
            continue
        heading = entry.group if entry.group and entry.group != group else ""
        group = entry.group
        shown.append({"label": entry.label, "href": entry.url or reverse(entry.url_name), "heading": heading})
    return shown
