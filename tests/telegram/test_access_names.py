"""The access gate hands the user's Telegram name to the access service, which notes it on the ledger."""

from domain.access import AccessLedger
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message


async def test_a_newcomers_full_name_and_username_are_noted_at_registration(start_bot: StartBot) -> None:
    bot = await start_bot()
    update = message(SUBSCRIBER, "hello")
    update["message"]["from"].update(first_name="Ada", last_name="Lovelace", username="ada")

    await bot.send(update)
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: hello"]

    ledger = await bot.store.get(AccessLedger.create_id(SUBSCRIBER.user_id), AccessLedger)
    assert ledger is not None and (ledger.name, ledger.username) == ("Ada Lovelace", "ada")
