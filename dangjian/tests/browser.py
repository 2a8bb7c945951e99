"""Helpers shared by the browser tests (Playwright)."""

import re


def watch_console(page, errors: list[str], allowed=()) -> None:
    """Collect the console errors and uncaught exceptions of `page` (and of pages it opens), except
    those matching one of the `allowed` regular expressions."""

    def keep(text: str) -> None:
        if not any(re.search(pattern, text) for pattern in allowed):
            errors.append(f"{page.url}: {text}")

    def on_console(message) -> None:
        if message.type == "error":
            location = message.location or {}
            keep(f"{message.text} ({location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: keep(f"uncaught {exc}"))
