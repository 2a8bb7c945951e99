"""Choices of work prompts."""

from django.db import models

from dangjian.organizations import scoping


class Audience(models.TextChoices):
    """To whom a prompt is addressed inside its recipient organisations (the rule: scoping)."""

    STAFF = scoping.PROMPT_TO_STAFF, "组织负责人和工作人员"
    MEMBERS = scoping.PROMPT_TO_MEMBERS, "全体党员"
