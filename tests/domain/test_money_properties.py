"""Money is integer micro-dollars: formatting and parsing round-trip, rounding is half-up."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.money import MICROS_PER_USD, format_usd, usd_to_micros

micros = st.integers(min_value=-(10**15), max_value=10**15)


@given(amount=micros)
def test_a_formatted_amount_parses_back_to_the_same_micros(amount: int) -> None:
    assert usd_to_micros(format_usd(amount).replace("$", "", 1)) == amount


@given(amount=micros)
def test_formatting_shows_dollars_and_six_decimals(amount: int) -> None:
    formatted = format_usd(amount)

    assert re.fullmatch(r"-?\$\d+\.\d{6}", formatted)
    assert formatted.startswith("-") == (amount < 0)


@given(amount=micros)
def test_a_decimal_dollar_amount_converts_exactly(amount: int) -> None:
    assert usd_to_micros(Decimal(amount) / MICROS_PER_USD) == amount


@given(a=micros, b=micros)
def test_conversion_keeps_the_order_of_amounts(a: int, b: int) -> None:
    da, db = Decimal(a) / MICROS_PER_USD, Decimal(b) / MICROS_PER_USD

    assert (usd_to_micros(da) <= usd_to_micros(db)) == (da <= db)


@pytest.mark.parametrize(
    ("usd", "expected"),
    [
        ("0.0000005", 1),
        ("0.00000049", 0),
        ("-0.0000005", -1),
        ("12.5", 12_500_000),
        ("0", 0),
        (3, 3_000_000),
        (Decimal("1.2345675"), 1_234_568),
    ],
)
def test_sub_micro_amounts_round_half_up(usd: str | int | Decimal, expected: int) -> None:
    assert usd_to_micros(usd) == expected


@pytest.mark.parametrize(
    ("amount", "shown"), [(0, "$0.000000"), (1, "$0.000001"), (12_340_000, "$12.340000"), (-5, "-$0.000005")]
)
def test_known_amounts_are_shown_as_expected(amount: int, shown: str) -> None:
    assert format_usd(amount) == shown
