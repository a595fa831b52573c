"""Every user-facing text exists in English and Russian, with the same placeholders."""

import string

import pytest

from application.messages import en, ru


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_both_languages_have_the_same_keys() -> None:
    assert set(en.MESSAGES) == set(ru.MESSAGES)


@pytest.mark.parametrize("key", sorted(en.MESSAGES))
def test_both_languages_use_the_same_placeholders(key: str) -> None:
    assert placeholders(en.MESSAGES[key]) == placeholders(ru.MESSAGES.get(key, "")), key
