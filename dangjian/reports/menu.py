"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(
    MenuEntry("首页", "home", order=0),
    MenuEntry("年度报表", "reports:annual", order=300, group="统计报表", visible=scoping.reads_subtree),
    MenuEntry("年度综述", "reports:summary", order=301, group="统计报表", visible=scoping.reads_subtree),
    MenuEntry("党内统计", "reports:statistics", order=302, group="统计报表", visible=scoping.reads_subtree),
    MenuEntry("统计图表", "reports:charts", order=303, group="统计报表", visible=scoping.reads_subtree),
    MenuEntry("审计日志", "audit", order=500, group="系统", visible=scoping.browses_audit),
)
