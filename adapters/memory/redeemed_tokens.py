"""The embedded default RedeemedTokens: the login links used in this process, each until it expires."""

import time
from collections.abc import Callable


class InMemoryRedeemedTokens:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self._expiry: dict[str, float] = {}

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        return self.remember(nonce, ttl_seconds)

    def remember(self, nonce: str, ttl_seconds: int) -> bool:
        """Records the nonce; True when it was not already remembered."""
        now = self.monotonic()
        # Only links with a valid signature get here, so there are few: a full sweep costs nothing.
        self._expiry = {kept: expires for kept, expires in self._expiry.items() if expires > now}
        if nonce in self._expiry:
            return False
        self._expiry[nonce] = now + ttl_seconds
        return True

    def __len__(self) -> int:
        return len(self._expiry)
