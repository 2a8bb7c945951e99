"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("学习材料", "materials:list", order=250, group="组织生活", visible=scoping.reads_subtree))
