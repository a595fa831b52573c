"""What the dashboard needs from the world, as ports its adapters implement."""

from typing import Protocol


class RedeemedTokens(Protocol):
    """The nonces of login links already used, shared by every process that redeems them."""

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        """Marks the nonce used for ttl_seconds; True the first time only."""
        ...
