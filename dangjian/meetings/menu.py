"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("会议与活动", "meetings:list", order=200, group="组织生活", visible=scoping.reads_subtree),
    MenuEntry("三会一课落实", "meetings:cadence", order=210, group="组织生活", visible=scoping.reads_subtree),
    MenuEntry(
        "中心组学习",
        "meetings:central_group_list",
        order=220,
        group="组织生活",
        visible=scoping.reads_subtree,
    ),
    MenuEntry(
        "青年理论学习小组",
        "meetings:youth_groups",
        order=230,
        group="组织生活",
        visible=scoping.reads_subtree,
    ),
    MenuEntry("会议台账", "meetings:ledgers", order=260, group="组织生活", visible=scoping.reads_subtree),
    MenuEntry("我的组织生活", "meetings:my_attendance", order=135),
)
