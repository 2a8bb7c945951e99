"""Sidebar entry of party fees (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("党费收缴", "fees:ledger", order=147, group="党员管理", visible=scoping.reads_subtree))
