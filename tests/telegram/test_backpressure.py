"""MAX_UPDATES_IN_HAND bounds the updates handled at once: polling fetches no more until one finishes, and
the webhook refuses the excess with 503, so Telegram delivers it again; none is lost."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from application.model_io import Prompt, ReplyDone, TextDelta
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import ADMIN, RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import Person, message
from tests.telegram.test_update_guard_restarts import deliver_to

PEOPLE = (ADMIN, SUBSCRIBER, RUSSIAN)
REDELIVERY_PAUSE_SECONDS = 0.05
REDELIVERY_GUARD_SECONDS = 15.0


class HeldModel(ScriptedChatModel):
    """Each reply waits until the test lets one through."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Prompt] = []
        self.gate = asyncio.Semaphore(0)

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        self.held.append(prompt)
        await self.gate.acquire()
        async for piece in super().stream_reply(prompt):
            yield piece


async def wait_for(condition: Any) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + REDELIVERY_GUARD_SECONDS
    while not condition():
        assert loop.time() < deadline, "condition not met"
        await asyncio.sleep(0.01)


def offsets(bot: RunningBot) -> list[int]:
    """The offset of each getUpdates call, in order: the update id after the last one fetched."""
    return [int(c.params.get("offset", 0)) for c in bot.telegram.calls_of("getUpdates")]


async def answers(bot: RunningBot, people: tuple[Person, ...]) -> list[list[str]]:
    return [await bot.texts_in(person.user_id, 1) for person in people]


async def test_polling_fetches_no_more_updates_until_there_is_room(start_bot: StartBot) -> None:
    model = HeldModel()
    bot = await start_bot(model=model, max_updates_in_hand=2)
    updates = [message(person, f"from {person.user_id}") for person in PEOPLE]
    bot.telegram.push_update(*updates)
    await wait_for(lambda: len(model.held) == 2)
    after_batch = updates[-1]["update_id"] + 1

    released_at = len(bot.telegram.calls)
    model.gate.release()
    await wait_for(lambda: after_batch in offsets(bot))
    calls = bot.telegram.calls
    fetched_next = next(
        n
        for n, c in enumerate(calls)
        if c.method == "getUpdates" and int(c.params.get("offset", 0)) == after_batch
    )
    assert fetched_next >= released_at

    model.gate.release()
    model.gate.release()
    assert await answers(bot, PEOPLE) == [[f"echo: from {p.user_id}"] for p in PEOPLE]


async def redelivered_until_taken(bot: RunningBot, update: dict[str, Any]) -> list[int]:
    """Delivers the update again as Telegram does after a refusal, until it is taken; every status."""
    statuses = [await deliver_to(bot, update)]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + REDELIVERY_GUARD_SECONDS
    while statuses[-1] != 200:
        assert loop.time() < deadline, f"still refused: {statuses[-5:]}"
        await asyncio.sleep(REDELIVERY_PAUSE_SECONDS)
        statuses.append(await deliver_to(bot, update))
    return statuses


async def test_the_webhook_refuses_updates_over_the_bound_and_answers_their_redelivery(
    start_bot: StartBot,
) -> None:
    model = HeldModel()
    bot = await start_bot(webhook=True, model=model, max_updates_in_hand=2)
    first, second, third = (message(person, f"from {person.user_id}") for person in PEOPLE)
    assert [await deliver_to(bot, first), await deliver_to(bot, second)] == [200, 200]
    await wait_for(lambda: len(model.held) == 2)

    assert await deliver_to(bot, third) == 503
    model.gate.release()
    statuses = await redelivered_until_taken(bot, third)
    assert set(statuses[:-1]) <= {503}
    model.gate.release()
    model.gate.release()
    assert await answers(bot, PEOPLE) == [[f"echo: from {p.user_id}"] for p in PEOPLE]
    assert len(model.prompts) == 3
