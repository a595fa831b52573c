"""A usage ledger's digest chain checked quickly: the same digests as `domain.digest.record_digest`.

`record_digest` canonicalises the fields into a new dict and has `json.dumps(..., sort_keys=True)`
write it. When every digested field has exactly the type the ledger writes (str, int, datetime), the
same JSON text is put together here from the same pieces (json's own string quoting, an int's `str`, a
datetime's `isoformat`, keys in sorted order) at a fraction of the cost; a field of any other type, or
a missing one, goes through `record_digest` itself. The chain is only judged whole or not here:
wherever it is not, the caller runs `verify_chain` to find the exact breaks.
"""

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii as quoted
from typing import Any

from domain.digest import genesis_digest, record_digest
from domain.usage import ModelUsage, usage_fields

DIGESTED_FIELDS = tuple(usage_fields("", ModelUsage(""), 0, datetime.now(UTC)))
_WRITTEN_HERE = (
    "at",
    "cached_tokens",
    "cost_micros",
    "images",
    "input_tokens",
    "kind",
    "model",
    "output_tokens",
    "request_id",
)
FAST_LAYOUT = tuple(sorted(DIGESTED_FIELDS)) == _WRITTEN_HERE
"""Whether the record still has the fields written here; if it gained one, every digest goes slow."""


def chain_holds(user_id: int, period: str, states: Iterable[Mapping[str, Any]]) -> bool:
    """Whether `verify_chain` would find no break in the records with these stored states, in order."""
    expected_prev = genesis_digest(user_id, period)
    for state in states:
        prev_digest, digest = str(state.get("prev_digest")), str(state.get("digest"))
        if prev_digest != expected_prev or digest_of(state, prev_digest) != digest:
            return False
        expected_prev = digest
    return True


def digest_of(state: Mapping[str, Any], prev_digest: str) -> str:
    """`record_digest` of the record's digested fields, exactly as `verify_chain` computes it."""
    get = state.get
    at, cached, cost, images = get("at"), get("cached_tokens"), get("cost_micros"), get("images")
    input_tokens, kind, model = get("input_tokens"), get("kind"), get("model")
    output_tokens, request_id = get("output_tokens"), get("request_id")
    if (
        FAST_LAYOUT
        and type(at) is datetime
        and type(cached) is int
        and type(cost) is int
        and type(images) is int
        and type(input_tokens) is int
        and type(kind) is str
        and type(model) is str
        and type(output_tokens) is int
        and type(request_id) is str
    ):
        payload = (
            f'[{quoted(prev_digest)},{{"at":{quoted(at.isoformat())},"cached_tokens":{cached},'
            f'"cost_micros":{cost},"images":{images},"input_tokens":{input_tokens},'
            f'"kind":{quoted(kind)},"model":{quoted(model)},"output_tokens":{output_tokens},'
            f'"request_id":{quoted(request_id)}}}]'
        )
        return hashlib.sha256(payload.encode()).hexdigest()
    return record_digest({name: get(name) for name in DIGESTED_FIELDS}, prev_digest)
