"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register

register(
    MenuEntry("后台任务", "core:jobs", order=510),
    MenuEntry("API 文档", url="/api/v1/docs", order=520),
)
