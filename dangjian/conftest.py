import pytest

from dangjian.tests.personas import PASSWORD, build_world


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.JOBS_MODE = "sync"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db):
    """The shared tree with personas (see dangjian/tests/personas.py)."""
    return build_world()


@pytest.fixture
def login(client):
    """login(user) -> a Django test client logged in as that user (through the real login page)."""

    def _login(user):
        client.logout()
        response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login
