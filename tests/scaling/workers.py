"""Real `gptbot run` processes in webhook mode, each in a folder of its own (its spend journal), their
logs read as they are written."""

from tests.support.gptbot_process import GUARD_SECONDS
from tests.support.gptbot_process import GptbotProcess as Worker

LISTENING = "webhook server listening"
RECOVERY_DONE = "recovery done"

__all__ = ["GUARD_SECONDS", "LISTENING", "RECOVERY_DONE", "Worker"]
