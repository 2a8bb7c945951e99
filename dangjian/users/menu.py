"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("批量开通账号", "accounts:bulk_accounts", order=125, visible=scoping.manages_accounts),
    MenuEntry("用户与授权", "accounts:user_list", order=420, group="工委管理", visible=scoping.is_committee),
)
