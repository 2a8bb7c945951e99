from django.db import models


class SelectionKind(models.TextChoices):
    CIVILIZED_UNIT = "civilized_unit", "文明单位"
    CIVILIZED_OFFICE = "civilized_office", "文明处室"
    LABOUR = "labour", "五一劳动奖和工人先锋号"
    YOUTH = "youth", "青年五四奖章和两红两优一先"
    OTHER = "other", "其他"


class NomineeKind(models.TextChoices):
    UNIT = "unit", "单位"
    ORGANIZATION = "organization", "党组织"
    OFFICE = "office", "处室"
    PERSON = "person", "个人"


COLLECTIVE_KINDS = [NomineeKind.UNIT, NomineeKind.ORGANIZATION, NomineeKind.OFFICE]


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", "已提名"
    RECOMMENDED = "recommended", "已推荐"
    DECIDED = "decided", "已决定授予"
    AWARDED = "awarded", "已获评"
    NOT_SELECTED = "not_selected", "未入选"


# States that take a place of the quota.
QUOTA_STATES = [NominationStatus.DECIDED, NominationStatus.AWARDED]
