"""The areas of the province where parks lie, cadres are stationed and survey teams go: the 14
cities of Liaoning and the 沈抚 demonstration zone (省沈抚改革创新示范区), which is governed
apart from the cities. Reference data shared by several areas of the system."""

from django.db import models


class Area(models.TextChoices):
    SHENYANG = "shenyang", "沈阳市"
    DALIAN = "dalian", "大连市"
    ANSHAN = "anshan", "鞍山市"
    FUSHUN = "fushun", "抚顺市"
    BENXI = "benxi", "本溪市"
    DANDONG = "dandong", "丹东市"
    JINZHOU = "jinzhou", "锦州市"
    YINGKOU = "yingkou", "营口市"
    FUXIN = "fuxin", "阜新市"
    LIAOYANG = "liaoyang", "辽阳市"
    PANJIN = "panjin", "盘锦市"
    TIELING = "tieling", "铁岭市"
    CHAOYANG = "chaoyang", "朝阳市"
    HULUDAO = "huludao", "葫芦岛市"
    SHENFU = "shenfu", "沈抚示范区"


AREA_BY_LABEL = {label: value for value, label in Area.choices}
