from django.db import models

from dangjian.activities.enums import ActivityKind

# The kinds of activity recorded as events (the others belong to trainings and campaigns).
EVENT_KINDS = (
    ActivityKind.CONFERENCE,
    ActivityKind.EXCHANGE,
    ActivityKind.LECTURE,
    ActivityKind.MUTUAL_LEARNING,
    ActivityKind.WARNING_EDUCATION,
    ActivityKind.PERFORMANCE,
    ActivityKind.COMPETITION,
    ActivityKind.SPORTS,
)
# Kinds whose contestants get results (rank, award).
RESULT_KINDS = (ActivityKind.COMPETITION, ActivityKind.SPORTS)


class EventSeries(models.TextChoices):
    """Recurring named events the annual report counts by name (the seed's "the annual work
    conference", "清风传家故事会"...): an event is marked as this year's occasion of one of them."""

    NONE = "", "（无）"
    WORK_CONFERENCE = "work_conference", "年度机关党的工作会议"
    MODEL_ORG_EXCHANGE = "model_org_exchange", "模范机关创建工作交流会"
    FAMILY_STORY = "family_story", "清风传家故事会"
    INTEGRITY_CONCERT = "integrity_concert", "廉政主题音乐会"
    SKILLS_CONTEST = "skills_contest", "干部职工技能比赛"
    BASKETBALL = "basketball", "职工篮球赛"
    SPORTS_MEET = "sports_meet", "职工健身运动会"
