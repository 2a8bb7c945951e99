from django.db import models


class ComplaintStatus(models.TextChoices):
    SUBMITTED = "submitted", "待登记"
    REGISTERED = "registered", "已登记"
    HANDED_OVER = "handed_over", "已转办"
    REPLIED = "replied", "已回复"
    CLOSED = "closed", "已办结"
    DISMISSED = "dismissed", "不予受理"


class ComplaintCategory(models.TextChoices):
    ATTITUDE = "attitude", "门难进、脸难看、事难办"
    FORMALISM = "formalism", "形式主义、官僚主义"
    HEDONISM = "hedonism", "享乐主义、奢靡之风"
    INACTION = "inaction", "不作为、慢作为、乱作为"
    INTEGRITY = "integrity", "违反廉洁纪律"
    OTHER = "other", "其他作风问题"


# Waiting for the discipline staff to hand over (the 5-working-day clock runs).
AWAITING_HANDOVER = [ComplaintStatus.SUBMITTED, ComplaintStatus.REGISTERED]
FINISHED = [ComplaintStatus.CLOSED, ComplaintStatus.DISMISSED]
