"""What a page says went wrong: console errors (CSP violations among them) and uncaught script errors."""

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Error, Page

REFUSED_PAGE = "the server responded with a status of 40"
"""Chromium's console line for a page answered 401 or 403, which the sign-in tests ask for."""


@dataclass
class Problems:
    seen: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.seen.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _page_error(self, error: Error) -> None:
        self.seen.append(f"pageerror: {error.message}")

    def besides_refused_pages(self) -> list[str]:
        return [problem for problem in self.seen if REFUSED_PAGE not in problem]
