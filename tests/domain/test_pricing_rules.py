"""Prices: a call costs its tokens at the model's rates, rounded up, plus its images."""

from hypothesis import given
from hypothesis import strategies as st

from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage

rates = st.integers(min_value=0, max_value=100_000_000)
prices = st.builds(ModelPrice, rates, rates, rates, st.integers(min_value=0, max_value=1_000_000))


@st.composite
def usages(draw: st.DrawFn) -> ModelUsage:
    input_tokens = draw(st.integers(min_value=0, max_value=10_000_000))
    return ModelUsage(
        "priced",
        input_tokens=input_tokens,
        output_tokens=draw(st.integers(min_value=0, max_value=1_000_000)),
        cached_tokens=draw(st.integers(min_value=0, max_value=input_tokens)),
        images=draw(st.integers(min_value=0, max_value=10)),
    )


@given(price=prices, usage=usages())
def test_a_call_costs_its_tokens_rounded_up_to_the_micro_dollar_plus_images(
    price: ModelPrice, usage: ModelUsage
) -> None:
    exact_token_cost = (
        (usage.input_tokens - usage.cached_tokens) * price.input_micros_per_mtok
        + usage.cached_tokens * price.cached_input_micros_per_mtok
        + usage.output_tokens * price.output_micros_per_mtok
    )

    token_part = PriceTable({"priced": price}).cost_micros(usage) - usage.images * price.image_micros

    assert token_part * 1_000_000 >= exact_token_cost
    assert token_part * 1_000_000 - exact_token_cost < 1_000_000


@given(usage=usages())
def test_an_unknown_model_costs_nothing_and_is_reported_unknown(usage: ModelUsage) -> None:
    table = PriceTable({"other": ModelPrice(1, 1, 1, 1)})

    assert table.cost_micros(usage) == 0
    assert not table.knows("priced")
