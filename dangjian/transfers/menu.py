"""Sidebar entries of transfers (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("组织关系转接", "transfers:list", order=140, group="党员管理", visible=scoping.reads_subtree)
)
register(
    MenuEntry("流动党员", "transfers:mobile_list", order=141, group="党员管理", visible=scoping.reads_subtree)
)
register(
    MenuEntry(
        "六个月未参加组织生活",
        "transfers:inactive",
        order=142,
        group="党员管理",
        visible=scoping.reads_subtree,
    )
)
