"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("工作提示", "prompts:list", order=240, group="组织生活", visible=scoping.reads_subtree))
