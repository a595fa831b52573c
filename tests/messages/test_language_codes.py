"""Any language_code a Telegram app sends picks a shipped catalog, its base language when we have it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.messages import LANGUAGES, language_of


@given(st.one_of(st.none(), st.text()))
def test_any_code_picks_a_shipped_language(code: str | None) -> None:
    assert language_of(code) in LANGUAGES


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("RU", "ru"),
        ("en-GB", "en"),
        ("ru_RU.UTF-8", "ru"),
        ("de", "en"),
        ("", "en"),
        ("en-", "en"),
        (None, "en"),
    ],
)
def test_a_code_picks_its_base_language_or_english(code: str | None, language: str) -> None:
    assert language_of(code) == language
