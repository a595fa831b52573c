"""Admins' way into the dashboard: a signed single-use login link from the bot, then a signed session cookie.

Both are `<payload>.<signature>`, the payload URL-safe base64 of compact JSON, the signature HMAC-SHA256
over the payload's text, each with its own key derived from the one secret, so neither passes for the other.
"""

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import secrets
from datetime import timedelta
from enum import StrEnum
from typing import TypeGuard

from application.dashboard.ports import RedeemedTokens
from application.errors import ApplicationError
from application.ports import Clock

LINK_KEY_LABEL = b"gptbot dashboard login links"
SESSION_KEY_LABEL = b"gptbot dashboard sessions"
MAX_LENGTH = 512  # far above what mint and issue make; longer input is refused before any decoding
SIGNED = re.compile(r"(?P<payload>[A-Za-z0-9_-]+)\.(?P<signature>[A-Za-z0-9_-]+)")


class RefusalReason(StrEnum):
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad signature"
    EXPIRED = "expired"
    ALREADY_USED = "already used"


class LoginRefused(ApplicationError):
    def __init__(self, reason: RefusalReason) -> None:
        super().__init__(f"login refused: {reason.value}")
        self.reason = reason


class LoginLinks:
    """Mints and redeems single-use login tokens, valid for ttl."""

    def __init__(
        self,
        secret: bytes,
        clock: Clock,
        redeemed: RedeemedTokens,
        ttl: timedelta = timedelta(minutes=10),
    ) -> None:
        self.key = derived_key(secret, LINK_KEY_LABEL)
        self.clock, self.redeemed, self.ttl = clock, redeemed, ttl

    def mint(self, admin_id: int) -> str:
        """A URL-safe token that lets this admin in once, until ttl has passed."""
        expires = int((self.clock.now() + self.ttl).timestamp())
        return sign(self.key, {"a": admin_id, "e": expires, "n": secrets.token_urlsafe(16)})

    async def redeem(self, token: str) -> int:
        """The admin id the token was minted for, once; LoginRefused says why not."""
        payload = verified(self.key, token)
        admin_id, expires, nonce = payload.get("a"), payload.get("e"), payload.get("n")
        if not (is_int(admin_id) and is_int(expires) and isinstance(nonce, str) and nonce):
            raise LoginRefused(RefusalReason.MALFORMED)
        left = expires - self.clock.now().timestamp()
        if left <= 0:
            raise LoginRefused(RefusalReason.EXPIRED)
        # Remembered as long as the token could still be redeemed, and no longer.
        if not await self.redeemed.claim(nonce, max(1, math.ceil(left))):
            raise LoginRefused(RefusalReason.ALREADY_USED)
        return admin_id


class Sessions:
    """Signed session cookie values that name an admin until lifetime has passed."""

    def __init__(self, secret: bytes, clock: Clock, lifetime: timedelta = timedelta(hours=12)) -> None:
        self.key, self.clock, self.lifetime = derived_key(secret, SESSION_KEY_LABEL), clock, lifetime

    def issue(self, admin_id: int) -> str:
        """The cookie value of a new session for this admin."""
        return sign(self.key, {"a": admin_id, "e": int((self.clock.now() + self.lifetime).timestamp())})

    def read(self, value: str | None) -> int | None:
        """The session's admin id; None when the cookie is missing, forged, malformed or expired."""
        if value is None:
            return None
        try:
            payload = verified(self.key, value)
        except LoginRefused:
            return None
        admin_id, expires = payload.get("a"), payload.get("e")
        if not (is_int(admin_id) and is_int(expires)) or expires <= self.clock.now().timestamp():
            return None
        return admin_id


def link_url(base_url: str, token: str) -> str:
    """The dashboard's login page with the token (URL-safe already, so it needs no quoting)."""
    return f"{base_url.rstrip('/')}/login?token={token}"


def derived_key(secret: bytes, label: bytes) -> bytes:
    return hmac.new(secret, label, hashlib.sha256).digest()


def sign(key: bytes, payload: dict[str, object]) -> str:
    body = encoded(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    return f"{body}.{signature(key, body)}"


def verified(key: bytes, token: str) -> dict[str, object]:
    """The payload of a token this key signed; LoginRefused for anything else."""
    parts = SIGNED.fullmatch(token) if len(token) <= MAX_LENGTH else None
    if parts is None:
        raise LoginRefused(RefusalReason.MALFORMED)
    # Compared as text, so only the one encoding of the signature passes, not its base64 variants.
    if not hmac.compare_digest(signature(key, parts["payload"]), parts["signature"]):
        raise LoginRefused(RefusalReason.BAD_SIGNATURE)
    try:
        payload = json.loads(decoded(parts["payload"]))
    except (ValueError, binascii.Error):
        raise LoginRefused(RefusalReason.MALFORMED) from None
    if not isinstance(payload, dict):
        raise LoginRefused(RefusalReason.MALFORMED)
    return payload


def signature(key: bytes, body: str) -> str:
    return encoded(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())


def encoded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decoded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
