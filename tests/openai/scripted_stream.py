"""An SDK client whose every call is answered in-process with given bytes, as an event stream.

The bytes arrive in the chunks given, so a line, a CRLF or a UTF-8 character can be cut anywhere,
and the body can end in a transport error as a dropped connection or a stall would end it.
"""

import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx2
import openai

BASE_URL = "http://scripted.invalid/v1"


def scripted_client(
    chunks: Sequence[bytes],
    failure: type[httpx2.RequestError] | None = None,
    seen: list[dict[str, Any]] | None = None,
) -> openai.AsyncOpenAI:
    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk
        if failure is not None:
            raise failure("the stream broke off")

    def answer(request: httpx2.Request) -> httpx2.Response:
        if seen is not None:
            seen.append(json.loads(request.content))
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body())

    transport = httpx2.MockTransport(answer)
    return openai.AsyncOpenAI(
        api_key="k", base_url=BASE_URL, max_retries=0, http_client=httpx2.AsyncClient(transport=transport)
    )
