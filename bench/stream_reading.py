"""`python -m bench.stream_reading [--rounds N] [--replies N]`: CPU per streamed reply, the adapters'
JSON reading (ADR 19) against the same reading over the SDK's typed stream, measured in one run.

The real SDK, over its aiohttp transport (ADR 18), against the fake OpenAI server, which runs in a
thread of its own: the CPU counted is the reading thread's alone. Each reply is 1,000 words, one
text event each, as a real reply sends about one event per token. The floor reads the same body
without decoding it: what the SDK and the transport cost before any reading. A last figure is the
request's side: a one-word reply to a history of 1 and of 20 turns, the SDK's parameter transform
walking the history on every call.
"""

import argparse
import asyncio
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import openai

from adapters.openai.completions_model import ChatCompletionsChatModel
from adapters.openai.images import ImageSettings
from adapters.openai.responses_model import OpenAIChatModel
from application.model_io import Prompt, PromptTurn, ReplyDone, TextDelta
from bench.machine import describe
from domain.conversation import Role
from tests.openai.typed_stream_readings import COUNTER, typed_completions_replies, typed_responses_replies
from tests.support.fake_openai import Behaviour, running_fake_openai
from tests.support.fake_openai_events import chat_chunks, response_events

WORDS = 1000
TEXT = " ".join(f"word{n}" for n in range(WORDS))
PROMPT = Prompt("gpt-5-mini", "Be brief.", (PromptTurn(Role.USER, "Hi"),))
IMAGES = ImageSettings("gpt-image-2", "1024x1024", "medium")
Reply = Callable[[openai.AsyncOpenAI], Awaitable[int]]


async def deltas(replies: AsyncIterator[TextDelta | ReplyDone]) -> int:
    return sum([1 async for item in replies if isinstance(item, TextDelta)])


async def json_responses(client: openai.AsyncOpenAI) -> int:
    return await deltas(OpenAIChatModel(client, COUNTER, IMAGES).stream_reply(PROMPT))


async def typed_responses(client: openai.AsyncOpenAI) -> int:
    return await deltas(typed_responses_replies(client, PROMPT))


async def floor_responses(client: openai.AsyncOpenAI) -> int:
    request = client.responses.with_streaming_response.create(model=PROMPT.model, input="Hi", stream=True)
    async with request as response:
        async for _ in response.iter_bytes():
            pass
    return WORDS


async def json_completions(client: openai.AsyncOpenAI) -> int:
    return await deltas(ChatCompletionsChatModel(client, COUNTER, IMAGES).stream_reply(PROMPT))


async def typed_completions(client: openai.AsyncOpenAI) -> int:
    return await deltas(typed_completions_replies(client, PROMPT))


async def floor_completions(client: openai.AsyncOpenAI) -> int:
    messages: list[Any] = [{"role": "user", "content": "Hi"}]
    request = client.chat.completions.with_streaming_response.create(
        model=PROMPT.model, messages=messages, stream=True, stream_options={"include_usage": True}
    )
    async with request as response:
        async for _ in response.iter_bytes():
            pass
    return WORDS


def history(turns: int) -> Prompt:
    roles = (Role.USER, Role.ASSISTANT)
    said = tuple(
        PromptTurn(roles[n % 2], "A turn of some twenty words, as people write them. " * 4)
        for n in range(turns)
    )
    return Prompt(PROMPT.model, PROMPT.instructions, said)


def replying_to(prompt: Prompt) -> Reply:
    async def reply(client: openai.AsyncOpenAI) -> int:
        await deltas(OpenAIChatModel(client, COUNTER, IMAGES).stream_reply(prompt))
        return WORDS

    return reply


async def cpu_per_reply(client: openai.AsyncOpenAI, reply: Reply, replies: int) -> float:
    started = time.thread_time()
    for _ in range(replies):
        assert await reply(client) == WORDS
    return (time.thread_time() - started) / replies


async def measure(base_url: str, readers: dict[str, Reply], rounds: int, replies: int) -> dict[str, float]:
    http = openai.DefaultAioHttpClient()
    async with openai.AsyncOpenAI(api_key="k", base_url=base_url, max_retries=0, http_client=http) as client:
        samples: dict[str, list[float]] = {name: [] for name in readers}
        for reader in readers.values():
            await reader(client)  # warm: imports, the connection, the SDK's caches
        for _ in range(rounds):  # interleaved, so a busy moment of the machine touches every reader
            for name, reader in readers.items():
                samples[name].append(await cpu_per_reply(client, reader, replies))
        return {name: statistics.median(values) for name, values in samples.items()}


def report(api: str, events: int, cpu: dict[str, float]) -> None:
    typed = cpu["typed stream"]
    print(f"\n{api}: a {WORDS:,}-word reply, {events:,} events; CPU of the reading thread per reply")
    for name, seconds in cpu.items():
        above = (seconds - cpu["floor"]) / events * 1e6
        reading = "" if name == "floor" else f"  reading {above:5.1f} µs/event above the floor"
        print(
            f"  {name:<14} {seconds * 1e3:7.2f} ms  {seconds / events * 1e6:6.1f} µs/event"
            f"  {seconds / typed:5.3f}× typed{reading}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stream_reading", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; the median is shown")
    parser.add_argument("--replies", type=int, default=10, help="replies per reader and round")
    args = parser.parse_args()
    behaviour = Behaviour(text=TEXT)
    apis = {
        "Responses": (
            len(response_events(PROMPT.model, behaviour)),
            {"typed stream": typed_responses, "JSON reading": json_responses, "floor": floor_responses},
        ),
        "Chat Completions": (
            len(chat_chunks(PROMPT.model, behaviour, include_usage=True)) + 1,  # and the [DONE]
            {"typed stream": typed_completions, "JSON reading": json_completions, "floor": floor_completions},
        ),
    }
    machine = describe()
    print(f"{machine['cpu model']}, {machine['cpus']} CPUs, load average {machine['load average at start']}")
    with running_fake_openai() as server:
        server.default = behaviour
        for api, (events, readers) in apis.items():
            report(api, events, asyncio.run(measure(server.base_url, readers, args.rounds, args.replies)))
        server.default = Behaviour(text="Fine.")
        requests = {"1 turn": replying_to(history(1)), "20 turns": replying_to(history(20))}
        cpu = asyncio.run(measure(server.base_url, requests, args.rounds, args.replies))
        print("\nResponses: a one-word reply; CPU of the reading thread per call, by the history sent")
        for name, seconds in cpu.items():
            print(f"  {name:<14} {seconds * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
