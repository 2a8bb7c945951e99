"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("党员名册", "people:member_list", order=110, visible=scoping.reads_subtree),
    MenuEntry("名册导入", "people:import", order=120, visible=scoping.writes_subtree),
    MenuEntry("我的信息", "people:me", order=130, visible=scoping.member_only),
)
