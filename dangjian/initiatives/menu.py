"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("支部特色工作", "initiatives:list", order=280, group="服务大局", visible=scoping.reads_subtree)
)
