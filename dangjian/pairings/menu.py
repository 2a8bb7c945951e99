"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("双进双促", "pairings:list", order=282, group="服务大局", visible=scoping.reads_subtree))
register(
    MenuEntry(
        "园区和企业名录", "pairings:registry", order=283, group="服务大局", visible=scoping.reads_subtree
    )
)
