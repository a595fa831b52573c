"""Plain-language image requests in English and Russian, and the look-alikes that are not requests."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.chat.image_requests import image_request_of

REQUESTS = [
    ("draw a cat", "a cat"),
    ("Draw me a sheep", "a sheep"),
    ("please draw a red car on the beach.", "a red car on the beach"),
    ("Can you draw a dragon?", "a dragon"),
    ("paint a sunflower field at dawn", "a sunflower field at dawn"),
    ("generate an image of a sunset over mountains", "a sunset over mountains"),
    ("Create a picture of a dog in space", "a dog in space"),
    ("make a realistic image of a castle, please", "a castle"),
    ("generate a logo for my bakery", "my bakery"),
    ("Create an image: a lighthouse in a storm", "a lighthouse in a storm"),
    ("нарисуй кота", "кота"),
    ("Нарисуй, пожалуйста, дом у моря", "дом у моря"),
    ("пожалуйста, нарисуй собаку", "собаку"),
    ("можешь нарисовать кота в сапогах?", "кота в сапогах"),
    ("создай картинку с котом на луне", "с котом на луне"),
    ("Создай картинку: лес зимой", "лес зимой"),
    ("сгенерируй изображение заката", "заката"),
    ("сделай мне красивую картинку осеннего парка", "осеннего парка"),
    ("изобрази космический корабль", "космический корабль"),
]

NOT_REQUESTS = [
    "what does draw mean in SQL?",
    "how do I draw a circle in matplotlib?",
    "Draw conclusions from this report",
    "draw attention to the second paragraph",
    "I can't draw at all",
    "The artist will draw a crowd",
    "can you explain how to generate an image with python?",
    "generate a password",
    "create a function that returns an image of the screen",
    "make the image smaller",
    "draw",
    "нарисуй",
    "что значит нарисуй",
    "сгенерируй пароль",
    "создай таблицу расходов",
    "Картинка не загружается",
    "как нарисовать график в excel?",
    "создай картинку",
    "",
]


@pytest.mark.parametrize(("text", "description"), REQUESTS)
def test_a_plain_language_image_request_is_recognised(text: str, description: str) -> None:
    assert image_request_of(text) == description


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_talk_about_drawing_is_not_an_image_request(text: str) -> None:
    assert image_request_of(text) is None


@given(st.text(max_size=200))
def test_any_description_found_is_part_of_the_message(text: str) -> None:
    description = image_request_of(text)
    assert description is None or (description.strip() and description in text)
