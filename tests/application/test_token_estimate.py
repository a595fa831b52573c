"""The token estimate: a quarter token per ASCII character, half a token per other character, plus a
fixed overhead per message; it never undercounts text made of either kind."""

import math

from hypothesis import given
from hypothesis import strategies as st

from application.chat.tokens import PER_MESSAGE_OVERHEAD, ApproximateTokenCounter

counter = ApproximateTokenCounter()


@given(st.text())
def test_every_character_is_counted_by_its_kind(text: str) -> None:
    ascii_chars = sum(1 for ch in text if ord(ch) < 128)
    other_chars = len(text) - ascii_chars
    assert counter.count(text) == math.ceil(ascii_chars / 4 + other_chars / 2) + PER_MESSAGE_OVERHEAD


def test_russian_text_costs_more_per_character_than_english() -> None:
    assert counter.count("Привет, как дела?") > counter.count("Hello, how are?!")
    assert counter.count("") == PER_MESSAGE_OVERHEAD
