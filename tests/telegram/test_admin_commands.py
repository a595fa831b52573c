"""Admin commands end to end through the fake Bot API server: admins get answers, everyone else gets
exactly what any unknown command gets."""

import asyncio

import pytest

from application.messages import text
from domain.money import format_usd
from tests.support.telegram_harness import ADMIN, GROUP, STRANGER, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import message

ADMIN_COMMANDS = (
    "/status",
    "/daily",
    "/weekly",
    "/budget",
    "/user 901",
    "/allow 902",
    "/ban 901",
    "/unban 901",
    "/pause",
    "/resume",
)


def unknown_answer(bot_answer_to_frobnicate: str, command: str) -> str:
    """What the bot said to /frobnicate, with the command's own name in its place."""
    return bot_answer_to_frobnicate.replace("/frobnicate", command.split()[0])


async def project(bot: RunningBot) -> None:
    """Brings the analytics views up to date now, as the background worker would within a poll."""
    await asyncio.to_thread(bot.container.projection_worker().run_once)


async def test_non_admins_get_the_ordinary_unknown_command_answer_for_every_admin_command(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/frobnicate"))
    [ordinary] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert ordinary == text("unknown_command", "en", command="/frobnicate")

    for command in ADMIN_COMMANDS:
        await bot.send(message(SUBSCRIBER, command))
    answers = await bot.texts_in(SUBSCRIBER.user_id, 1 + len(ADMIN_COMMANDS))
    await bot.send(message(SUBSCRIBER, "/help"))
    help_text = (await bot.texts_in(SUBSCRIBER.user_id, 2 + len(ADMIN_COMMANDS)))[-1]

    # Updates are handled concurrently, so the answers may come in any order.
    assert sorted(answers[1:]) == sorted(unknown_answer(ordinary, c) for c in ADMIN_COMMANDS)
    assert "/status" not in help_text and "/ban" not in help_text
    assert not await bot.container.pause().is_paused()
    assert (await bot.container.admin().report(901)).standing.banned is False  # type: ignore[union-attr]


async def test_admin_commands_in_a_group_are_unknown_commands_even_for_an_admin(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/status", chat_id=GROUP))
    assert await bot.texts_in(GROUP, 1) == [text("unknown_command", "en", command="/status")]


async def test_status_shows_uptime_users_usage_lag_and_health(start_bot: StartBot, redis_url: str) -> None:
    bot = await start_bot(redis_url=redis_url)
    await bot.send(message(SUBSCRIBER, "hello"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await project(bot)

    await bot.send(message(ADMIN, "/status"))
    [status] = await bot.texts_in(ADMIN.user_id, 1)

    assert status.startswith("Bot status\nUp for 0h 0m")
    assert "Users: 1, active today: 1" in status and "Today: 1 request, " in status
    assert "Analytics lag:" in status and "Database: ok" in status and "Redis: ok" in status
    assert "Answering everyone" in status


async def test_admin_help_lists_the_admin_commands(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/help"))
    [help_text] = await bot.texts_in(ADMIN.user_id, 1)
    assert "/reset" in help_text and "Admin commands:" in help_text and "/pause" in help_text


async def test_ban_unban_and_allow_take_effect_at_once(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, f"/ban {SUBSCRIBER.user_id} spamming"))
    # Not seen yet: known by the id alone; once they have written, by the name Telegram showed too.
    assert await bot.texts_in(ADMIN.user_id, 1) == [f"User {SUBSCRIBER.user_id} is banned."]
    await bot.send(message(SUBSCRIBER, "hello"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["Access to this bot has been revoked."]

    await bot.send(message(ADMIN, f"/unban {SUBSCRIBER.user_id}"))
    await bot.send(message(ADMIN, f"/allow {STRANGER.user_id}"))
    assert sorted((await bot.texts_in(ADMIN.user_id, 3))[1:]) == [
        f"User {SUBSCRIBER.user_id} (User{SUBSCRIBER.user_id}) is no longer banned.",
        f"User {STRANGER.user_id} may now use the bot.",
    ]
    await bot.send(message(SUBSCRIBER, "hello again"))
    await bot.send(message(STRANGER, "let me in"))  # not a channel member, but allowed by an admin
    assert (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1] == "echo: hello again"
    assert await bot.texts_in(STRANGER.user_id, 1) == ["echo: let me in"]


async def test_user_reports_access_and_usage_and_explains_a_bad_id(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "hello"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(ADMIN, f"/user {SUBSCRIBER.user_id}"))
    [report] = await bot.texts_in(ADMIN.user_id, 1)
    [record] = await bot.usage_records(SUBSCRIBER.user_id)

    assert report.startswith(f"User {SUBSCRIBER.user_id} (User{SUBSCRIBER.user_id}), first seen ")
    assert "Access: by channel membership (last checked status: member)" in report
    assert f"Today: {record.usage.tokens} tokens" in report

    for command in ("/user", "/user abc", "/ban", "/allow ١٢٣"):
        await bot.send(message(ADMIN, command))
    answers = (await bot.texts_in(ADMIN.user_id, 5))[1:]
    assert sorted(answers) == [
        "Give a numeric Telegram user id, for example: /allow 123456789",
        "Give a numeric Telegram user id, for example: /ban 123456789",
        "Give a numeric Telegram user id, for example: /user 123456789",
        "Give a numeric Telegram user id, for example: /user 123456789",
    ]
    await bot.send(message(ADMIN, "/user 55555"))
    assert (await bot.texts_in(ADMIN.user_id, 6))[-1] == "User 55555 has never used the bot."


async def test_a_configured_admin_cannot_be_banned(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, f"/ban {ADMIN.user_id}"))
    assert await bot.texts_in(ADMIN.user_id, 1) == [
        f"User {ADMIN.user_id} (User{ADMIN.user_id}) is an admin listed in ADMIN_IDS; a ban would not apply."
    ]


@pytest.mark.parametrize("cap", [None, "10"])
async def test_daily_weekly_and_budget_sum_up_the_projected_usage(
    start_bot: StartBot, cap: str | None
) -> None:
    bot = await start_bot(budget_global_monthly_usd=cap)
    await bot.send(message(SUBSCRIBER, "one"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "two"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)
    await project(bot)

    answers: list[str] = []
    for count, command in enumerate(("/daily", "/weekly", "/budget"), start=1):
        await bot.send(message(ADMIN, command))
        answers = await bot.texts_in(ADMIN.user_id, count)
    daily, weekly, budget = answers

    assert daily.startswith("Today so far") and "Active users: 1" in daily and "Requests: 2" in daily
    assert weekly.startswith("Weekly summary") and "Requests: 2" in weekly
    assert f"{SUBSCRIBER.user_id} (User{SUBSCRIBER.user_id}): $" in daily and "2 requests" in daily
    assert budget.startswith("Global budget for ")
    if cap is None:
        assert "no global cap is set" in budget
    else:
        assert "of $10.000000 (0%)" in budget
    assert f"{SUBSCRIBER.user_id} (User{SUBSCRIBER.user_id}): $" in budget


def named(text_: str) -> dict[str, object]:
    update = message(SUBSCRIBER, text_)
    update["message"]["from"].update(first_name="Ada", last_name="Lovelace", username="ada")
    return update


@pytest.mark.parametrize(
    ("pseudonymous", "shown"),
    [("false", f"{SUBSCRIBER.user_id} (Ada Lovelace @ada)"), ("true", f"{SUBSCRIBER.user_id}")],
)
async def test_reports_name_users_as_telegram_shows_them_unless_pseudonymous(
    start_bot: StartBot, pseudonymous: str, shown: str
) -> None:
    bot = await start_bot(analytics_pseudonymous=pseudonymous)
    await bot.send(named("one"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await project(bot)
    [record] = await bot.usage_records(SUBSCRIBER.user_id)
    cost, tokens = format_usd(record.cost_micros), record.usage.tokens

    answers: list[str] = []
    for count, command in enumerate(("/daily", "/budget", f"/user {SUBSCRIBER.user_id}"), start=1):
        await bot.send(message(ADMIN, command))
        answers = await bot.texts_in(ADMIN.user_id, count)
    daily, budget, user = answers

    top = text("summary_top_line", "en", user=shown, cost=cost, requests=1, tokens=tokens)
    assert daily.splitlines()[-2:] == ["Top spenders:", top]
    assert budget.splitlines()[-2:] == ["Top spenders:", top]
    assert user.splitlines()[0].startswith(f"User {shown}, first seen ")
    assert ("Ada" in daily + budget + user) is (pseudonymous == "false")
    assert ("@ada" in daily + budget + user) is (pseudonymous == "false")
