"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("示范点", "sites:list", order=315, group="监督考核", visible=scoping.reads_subtree))
