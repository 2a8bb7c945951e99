from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "dangjian.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        # Each app registers its report metrics in `<app>/metrics.py` (core.metrics) and its
        # sidebar entries in `<app>/menu.py` (core.navigation), its workflows in `<app>/workflows.py`
        # (core.workflow), its dashboard charts in `<app>/charts.py` (core.charts).
        autodiscover_modules("metrics", "menu", "workflows", "charts")
