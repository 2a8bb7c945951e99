"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("主题活动", "campaigns:list", order=260, group="组织生活", visible=scoping.reads_subtree))
