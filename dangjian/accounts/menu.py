"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("用户与授权", "accounts:user_list", order=420, group="工委管理", visible=scoping.is_committee)
)
