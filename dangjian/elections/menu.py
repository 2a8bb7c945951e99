"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("换届与任期", "elections:terms", order=150, group="换届选举", visible=scoping.reads_subtree),
    MenuEntry(
        "换届选举", "elections:election_list", order=151, group="换届选举", visible=scoping.reads_subtree
    ),
    MenuEntry(
        "届中调整", "elections:adjustment_list", order=152, group="换届选举", visible=scoping.reads_subtree
    ),
    MenuEntry(
        "任前测试", "elections:pretest_list", order=153, group="换届选举", visible=scoping.reads_subtree
    ),
)
