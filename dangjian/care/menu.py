"""Sidebar entries of medals and care (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("光荣在党50年纪念章", "care:medals", order=145, group="党员管理", visible=scoping.reads_subtree)
)
register(MenuEntry("关爱帮扶", "care:care", order=146, group="党员管理", visible=scoping.reads_subtree))
