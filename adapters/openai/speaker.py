"""Text to speech through the Audio Speech endpoint, as OGG/Opus (what Telegram plays as a voice
message); the model and voice come from configuration. Its answer is the sound alone, with no usage, so
the charge is the bot's own count from the text (ADR 54)."""

import asyncio

import openai

from adapters.openai.deadline import CallBounds, with_retries
from adapters.openai.errors import failure_from
from application.chat.speech import estimated_speech
from application.model_io import Speech


class OpenAISpeaker:
    def __init__(self, client: openai.AsyncOpenAI, model: str, voice: str, by_characters: bool) -> None:
        # The client's timeout and retries bound the whole call, retries included (ADR 25).
        self.bounds = CallBounds.of(client)
        self.client, self.model, self.voice = client.with_options(max_retries=0), model, voice
        self.by_characters = by_characters

    async def speak(self, text: str, request_id: str) -> Speech:
        usage = estimated_speech(self.model, text, self.by_characters)
        try:
            async with asyncio.timeout(self.bounds.seconds) as bound:
                result = await with_retries(
                    bound,
                    self.bounds.max_retries,
                    lambda: self.client.audio.speech.create(
                        model=self.model, voice=self.voice, input=text, response_format="opus"
                    ),
                )
        except (openai.APITimeoutError, TimeoutError) as error:
            # The provider may have made (and billed) the speech we stopped waiting for.
            raise failure_from(error, usage) from error
        except openai.OpenAIError as error:
            raise failure_from(error, None) from error
        return Speech(result.content, usage)

    async def aclose(self) -> None:
        await self.client.close()
