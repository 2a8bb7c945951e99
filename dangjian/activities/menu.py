"""Sidebar entries of the participation record (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("活动与参与", "activities:list", order=240, group="组织生活", visible=scoping.reads_subtree),
    MenuEntry("单位填报", "activities:returns", order=245, group="组织生活", visible=scoping.reads_subtree),
)
