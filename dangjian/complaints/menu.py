"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry(
        "作风问题举报", "complaints:list", order=317, group="监督考核", visible=scoping.handles_complaints
    )
)
