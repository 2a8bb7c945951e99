import importlib
import pkgutil

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DemoConfig(AppConfig):
    name = "dangjian.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        # The stages register themselves (core.demo): the modules of this package, and any
        # app's own `demo.py`. A new area adds a module; no list here names them.
        assert self.module is not None  # set when Django creates the app config
        for module in pkgutil.iter_modules(self.module.__path__):
            if module.name not in ("apps", "builder", "data", "management", "tests"):
                importlib.import_module(f"{self.name}.{module.name}")
        autodiscover_modules("demo")
