"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("驻村干部", "villages:list", order=284, group="服务大局", visible=scoping.reads_subtree))
register(
    MenuEntry("驻村工作调研组", "villages:teams", order=285, group="服务大局", visible=scoping.is_committee)
)
