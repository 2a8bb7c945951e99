"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("实习岗位", "masses:posts", order=290, group="凝聚力量", visible=scoping.reads_subtree))
register(
    MenuEntry("建言献策", "masses:suggestions", order=291, group="凝聚力量", visible=scoping.reads_subtree)
)
