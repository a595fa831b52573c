"""The access service notes the name Telegram shows for a user: at registration, and when it changes."""

from domain.access import AccessLedger
from tests.application.wiring import Bot

USER = 42


async def ledger_of(bot: Bot) -> AccessLedger:
    ledger = await bot.store.get(AccessLedger.create_id(USER), AccessLedger)
    assert ledger is not None
    return ledger


async def test_a_newcomer_is_registered_with_their_name_in_one_save(bot: Bot) -> None:
    await bot.access.decide(USER, name="Ada Lovelace", username="ada")

    ledger = await ledger_of(bot)
    assert (ledger.name, ledger.username, ledger.version) == ("Ada Lovelace", "ada", 2)


async def test_the_same_name_again_adds_no_event(bot: Bot) -> None:
    await bot.access.decide(USER, name="Ada", username=None)
    await bot.access.decide(USER, name="Ada", username=None)

    assert (await ledger_of(bot)).version == 2


async def test_a_changed_name_is_recorded_on_the_loaded_ledger(bot: Bot) -> None:
    await bot.access.decide(USER, name="Ada", username=None)
    bot.clock.advance(days=3)

    await bot.access.decide(USER, name="Ada L.", username="ada")

    ledger = await ledger_of(bot)
    assert (ledger.name, ledger.username, ledger.version) == ("Ada L.", "ada", 3)


async def test_a_decision_without_a_name_leaves_the_name_alone(bot: Bot) -> None:
    await bot.access.decide(USER, name="Ada", username="ada")

    await bot.access.decide(USER)

    ledger = await ledger_of(bot)
    assert (ledger.name, ledger.username, ledger.version) == ("Ada", "ada", 2)
