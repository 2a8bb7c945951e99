from django.db import models


class CareKind(models.TextChoices):
    VISIT = "visit", "走访看望"
    CONDOLENCE = "condolence", "慰问金"
    HARDSHIP = "hardship", "困难帮扶"
