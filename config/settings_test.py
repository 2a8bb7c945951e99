"""Settings for the test suite: the real settings plus the example workflow app that core's tests
use (a model of its own, installed nowhere else)."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "dangjian.core.tests.workflow_app"]
