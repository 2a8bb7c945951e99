"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("组织架构", "organizations:tree", order=100, visible=scoping.reads_subtree),
    MenuEntry(
        "单位管理", "organizations:unit_list", order=400, group="工委管理", visible=scoping.is_committee
    ),
    MenuEntry(
        "党组织管理", "organizations:org_list", order=410, group="工委管理", visible=scoping.is_committee
    ),
    MenuEntry(
        "工作日历", "organizations:workday_list", order=430, group="工委管理", visible=scoping.is_committee
    ),
)
