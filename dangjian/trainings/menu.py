"""Sidebar entries of this app (core.navigation)."""

from dangjian.core.navigation import MenuEntry, register
from dangjian.organizations import scoping

register(MenuEntry("教育培训", "trainings:list", order=260, group="教育培训", visible=scoping.reads_subtree))
register(MenuEntry("培训学时", "trainings:hours", order=261, group="教育培训", visible=scoping.reads_subtree))
