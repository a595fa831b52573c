"""Every filter the bot's dispatcher checks runs on the event loop: aiogram hands a filter that is not
a coroutine function to a worker thread for each update it checks (adapters/telegram/handlers/filters.py)."""

from pathlib import Path

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.handler import FilterObject

from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.telegram_container import telegram_over


def filters_of(router: Router) -> list[tuple[str, FilterObject]]:
    found = []
    for name, observer in router.observers.items():
        for where, event_filter in [("root", f) for f in observer._handler.filters or []] + [
            (handler.callback.__name__, f) for handler in observer.handlers for f in handler.filters or []
        ]:
            found.append((f"{router.name}.{name}.{where}", event_filter))
    for child in router.sub_routers:
        found += filters_of(child)
    return found


def test_no_filter_of_the_dispatcher_runs_in_a_thread(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token="123456:TEST-token",
        admin_ids=frozenset({1}),
        database_url=f"sqlite:///{tmp_path / 'bot.db'}",
    )
    container = Container(settings=settings)
    try:
        dispatcher: Dispatcher = telegram_over(container).dispatcher()
        found = filters_of(dispatcher)
    finally:
        container.store().close()

    assert len(found) > 20  # the commands, the admin's, the chat's, the files'
    assert [where for where, event_filter in found if not event_filter.awaitable] == []
