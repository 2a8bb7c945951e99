"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register

register(
    MenuEntry("后台任务", "core:jobs", order=510, group="系统"),
    MenuEntry("API 文档", url="/api/v1/docs", order=520, group="系统"),
)
