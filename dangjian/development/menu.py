"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("发展党员", "development:board", order=143, group="党员管理", visible=scoping.reads_subtree)
)
