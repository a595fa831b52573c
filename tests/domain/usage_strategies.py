"""Hypothesis strategies for usage records within one ledger month."""

from datetime import UTC, datetime

from hypothesis import strategies as st

from domain.usage import ModelUsage, UsageKind

USER = 42
MONTH_START = datetime(2026, 11, 1, tzinfo=UTC)
PERIOD = "2026-11"

request_ids = st.sampled_from([f"update-{n}" for n in range(6)]) | st.text(min_size=1, max_size=12)
models = st.sampled_from(["gpt-5-mini", "gpt-5", "image-model"]) | st.text(min_size=1, max_size=20)
moments = st.datetimes(
    min_value=datetime(2026, 11, 1),
    max_value=datetime(2026, 11, 30, 23, 59, 59, 999999),
    timezones=st.just(UTC),
)
costs = st.integers(min_value=0, max_value=10**9)


@st.composite
def model_usages(draw: st.DrawFn) -> ModelUsage:
    input_tokens = draw(st.integers(min_value=0, max_value=2_000_000))
    return ModelUsage(
        draw(models),
        draw(st.sampled_from(UsageKind)),
        input_tokens,
        draw(st.integers(min_value=0, max_value=200_000)),
        draw(st.integers(min_value=0, max_value=input_tokens)),
        draw(st.integers(min_value=0, max_value=10)),
        estimated=draw(st.booleans()),
    )


calls = st.tuples(request_ids, model_usages(), costs, moments)
Call = tuple[str, ModelUsage, int, datetime]
