from django.db import models


class CadreRole(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", "第一书记"
    TEAM_LEADER = "team_leader", "工作队队长"
    TEAM_MEMBER = "team_member", "工作队员"
