"""A Speaker whose failures are logged and counted towards the model-error alert as the chat model's are."""

from application.admin.model_errors import ModelErrorWindow, noted
from application.model_io import ModelFailure, Speech
from application.ports import Speaker


class WatchedSpeaker:
    def __init__(self, speaker: Speaker, window: ModelErrorWindow, model: str) -> None:
        self.speaker, self.window, self.model = speaker, window, model

    async def speak(self, text: str, request_id: str) -> Speech:
        try:
            return await self.speaker.speak(text, request_id)
        except ModelFailure as failure:
            noted(self.window, failure, self.model, request_id)
            raise

    async def aclose(self) -> None:
        await self.speaker.aclose()
