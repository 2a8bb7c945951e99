"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("评选表彰", "awards:list", order=316, group="监督考核", visible=scoping.reads_subtree))
