import os
import shutil

import pytest

from dangjian.tests.browser import watch_console
from dangjian.tests.personas import PASSWORD, build_world


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # cached values (e.g. the annual report's) are keyed by ids a rolled-back test reuses
    settings.JOBS_MODE = "sync"
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "dangjian.accounts.hashers.OneTimePasswordHasher",
    ]
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


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright. Skipped where it is not installed, except in CI
    (REQUIRE_BROWSER=1), where a missing browser fails the run."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed but REQUIRE_BROWSER is set: browser tests must run.")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_world(transactional_db):
    """The shared world, committed, so the live server's thread sees it."""
    return build_world()


@pytest.fixture
def page_for(chromium, live_server):
    """page_for(user, viewport=None, allow_errors=()) -> a Playwright page logged in as that user.

    Any console error (a failed request, a CSP violation, a script error) on its pages fails the
    test, unless it matches one of the `allow_errors` regular expressions (for a test that opens a
    refused page on purpose)."""
    contexts: list = []
    errors: list[str] = []

    def _page(user, viewport=None, allow_errors=()):
        context = chromium.new_context(
            viewport=viewport or {"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        contexts.append(context)
        context.on("page", lambda p: watch_console(p, errors, allow_errors))
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _page
    for c in contexts:
        c.close()
    if errors:
        pytest.fail("console errors in the browser:\n" + "\n".join(errors))
