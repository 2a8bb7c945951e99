"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("考核评议", "assessments:index", order=305, group="监督考核", visible=scoping.reads_subtree)
)
