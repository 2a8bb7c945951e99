"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("问题清单", "problems:list", order=310, group="监督考核", visible=scoping.reads_subtree),
    MenuEntry("逾期与临期", "problems:queues", order=311, group="监督考核", visible=scoping.reads_subtree),
    MenuEntry("整改进度", "problems:progress", order=312, group="监督考核", visible=scoping.reads_subtree),
)
