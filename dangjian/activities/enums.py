from django.db import models


class ActivityKind(models.TextChoices):
    """What an activity is. Areas build on these kinds (trainings: TRAINING_CLASS; campaigns:
    CAMPAIGN_ACTIVITY and VOLUNTEER; events: the rest); meetings keep their own record."""

    TRAINING_CLASS = "training_class", "培训班"
    CAMPAIGN_ACTIVITY = "campaign_activity", "主题活动"
    VOLUNTEER = "volunteer", "志愿服务"
    CONFERENCE = "conference", "工作会议"
    EXCHANGE = "exchange", "交流会"
    LECTURE = "lecture", "讲座报告会"
    MUTUAL_LEARNING = "mutual_learning", "互学互鉴"
    WARNING_EDUCATION = "warning_education", "警示教育"
    PERFORMANCE = "performance", "文艺演出"
    COMPETITION = "competition", "竞赛"
    SPORTS = "sports", "体育比赛"
    OTHER = "other", "其他活动"


class CampaignKind(models.TextChoices):
    THEME = "theme", "主题活动"
    SPECIAL = "special", "专项行动"
    VOLUNTEER = "volunteer", "志愿服务"
    TRAINING = "training", "培训项目"
    OTHER = "other", "其他"


class ParticipationStatus(models.TextChoices):
    REGISTERED = "registered", "已报名"
    PRESENT = "present", "参加"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"
    COMPLETED = "completed", "完成/结业"


# Who counts as having taken part ("N members took part"): present or completed.
TOOK_PART = (ParticipationStatus.PRESENT, ParticipationStatus.COMPLETED)
# Who counts as registered ("4,500 registrations"): every row that was not withdrawn.
REGISTERED_OR_MORE = (
    ParticipationStatus.REGISTERED,
    ParticipationStatus.PRESENT,
    ParticipationStatus.LEAVE,
    ParticipationStatus.ABSENT,
    ParticipationStatus.COMPLETED,
)


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", "参加人员"
    TRAINEE = "trainee", "学员"
    SPEAKER = "speaker", "发言"
    ORGANISER = "organiser", "组织者"
    CONTESTANT = "contestant", "选手"
    VOLUNTEER = "volunteer", "志愿者"
    GUEST = "guest", "嘉宾"


class GuestKind(models.TextChoices):
    """People who are not on the roster: counted, with the minimum personal data (a name, where
    they come from)."""

    FAMILY = "family", "党员家属"
    STAFF = "staff", "非党员干部职工"
    OUTSIDE = "outside", "外部来宾"


class AddedBy(models.TextChoices):
    MANUAL = "manual", "手工添加"
    ROSTER = "roster", "从名册选取"
    IMPORT = "import", "Excel导入"
    QR = "qr", "扫码签到"
