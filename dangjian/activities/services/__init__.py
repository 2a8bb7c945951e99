"""Writes of the participation record, by domain: who took part (participation), unit returns
(returns) and users' saved lists of people (lists). Callers use `activities.services.<name>`."""

from dangjian.activities.services.lists import saved_list_delete, saved_list_save
from dangjian.activities.services.participation import (
    ACTIVITY_FIELDS,
    CAMPAIGN_FIELDS,
    PARTICIPATION_FIELDS,
    activity_create,
    activity_delete,
    activity_update,
    attendance_mark,
    campaign_create,
    campaign_update,
    guest_add,
    participants_add,
    participants_from_roster,
    participation_remove,
    participation_update,
    sign_in,
)
from dangjian.activities.services.returns import unit_organization, unit_return_create, unit_return_file

__all__ = [
    "ACTIVITY_FIELDS",
    "CAMPAIGN_FIELDS",
    "PARTICIPATION_FIELDS",
    "activity_create",
    "activity_delete",
    "activity_update",
    "attendance_mark",
    "campaign_create",
    "campaign_update",
    "guest_add",
    "participants_add",
    "participants_from_roster",
    "participation_remove",
    "participation_update",
    "saved_list_delete",
    "saved_list_save",
    "sign_in",
    "unit_organization",
    "unit_return_create",
    "unit_return_file",
]
