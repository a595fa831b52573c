"""/dashboard end to end through the fake Bot API server: an admin gets a single-use login link, everyone
else gets what any unknown command gets."""

import re

import pytest

from application.dashboard.login import LoginRefused
from application.messages import text
from tests.support.telegram_harness import ADMIN, GROUP, SUBSCRIBER, StartBot
from tests.support.telegram_updates import message

LINK = re.compile(r"(\S+)/login\?token=([A-Za-z0-9_.-]+)")


async def test_an_admin_gets_a_login_link_that_works_once(start_bot: StartBot) -> None:
    bot = await start_bot(dashboard_public_url="https://bot.example/dash/")
    await bot.send(message(ADMIN, "/dashboard"))
    [answer] = await bot.texts_in(ADMIN.user_id, 1)

    found = LINK.search(answer)
    assert found is not None and found[1] == "https://bot.example/dash"
    assert "once" in answer and "10 minutes" in answer
    links = bot.container.login_links()
    assert await links.redeem(found[2]) == ADMIN.user_id
    with pytest.raises(LoginRefused):
        await links.redeem(found[2])


async def test_without_a_public_url_the_link_points_at_the_dashboards_own_port(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/dashboard"))
    [answer] = await bot.texts_in(ADMIN.user_id, 1)

    assert "http://127.0.0.1:8081/login?token=" in answer


async def test_a_non_admin_gets_the_ordinary_unknown_command_answer(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/dashboard"))
    await bot.send(message(ADMIN, "/dashboard", chat_id=GROUP))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [text("unknown_command", "en", command="/dashboard")]
    assert await bot.texts_in(GROUP, 1) == [text("unknown_command", "en", command="/dashboard")]


async def test_the_admin_help_and_menu_name_the_dashboard(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/help"))
    [help_text] = await bot.texts_in(ADMIN.user_id, 1)

    assert "/dashboard" in help_text
    menus = [
        (str(c.params.get("scope")), str(c.params["commands"]))
        for c in bot.telegram.calls_of("setMyCommands")
    ]
    admin_menus = [commands for scope, commands in menus if str(ADMIN.user_id) in scope]
    assert admin_menus and all("dashboard" in commands for commands in admin_menus)
    assert all("dashboard" not in commands for scope, commands in menus if str(ADMIN.user_id) not in scope)
