"""Sidebar entries of events (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry(
        "会议交流与文体活动", "events:list", order=242, group="组织生活", visible=scoping.reads_subtree
    ),
)
