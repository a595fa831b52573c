import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram.render import to_telegram_html
from adapters.telegram.split import split_atoms, split_html, utf16_length
from tests.telegram_render.markdown_strategies import markdown
from tests.telegram_render.telegram_html_checker import check


def assert_same_text_modulo_cut_whitespace(original: str, chunks: list[str]) -> None:
    position = 0
    for chunk in chunks:
        shown = check(chunk).strip()
        while position < len(original) and original[position].isspace():
            position += 1
        assert original.startswith(shown, position), (original[position:][:80], shown[:80])
        position += len(shown)
    assert original[position:].strip() == ""


limits = st.one_of(st.integers(min_value=2, max_value=120), st.just(4096))


@settings(max_examples=300)
@given(text=markdown, limit=limits)
def test_every_chunk_is_valid_html_within_the_limit_and_no_text_is_lost(text: str, limit: int) -> None:
    rendered = to_telegram_html(text)
    chunks = split_html(rendered, limit)
    for chunk in chunks:
        shown = check(chunk)
        assert shown.strip()
        assert utf16_length(shown) <= limit
    assert_same_text_modulo_cut_whitespace(check(rendered), chunks)


@given(text=st.text(min_size=1), limit=st.integers(min_value=2, max_value=50))
def test_any_unicode_text_splits_within_the_limit(text: str, limit: int) -> None:
    rendered = to_telegram_html(text)
    chunks = split_html(rendered, limit)
    assert all(utf16_length(check(chunk)) <= limit for chunk in chunks)
    assert_same_text_modulo_cut_whitespace(check(rendered), chunks)


def test_a_5000_character_reply_gives_exactly_two_messages() -> None:
    paragraph = ("The model wrote a long answer with **some bold** words. " * 10).strip()
    reply = "\n\n".join([paragraph] * 9)[:5000]
    assert len(reply) == 5000
    chunks = split_html(to_telegram_html(reply))
    assert len(chunks) == 2
    assert all(utf16_length(check(chunk)) <= 4096 for chunk in chunks)


def test_a_short_reply_is_one_message_unchanged() -> None:
    assert split_html("<b>hello</b> &amp; bye") == ["<b>hello</b> &amp; bye"]


def test_nothing_visible_gives_no_messages() -> None:
    assert split_html("") == []
    assert split_html("  \n\n <b> </b>") == []


def test_a_paragraph_break_is_preferred_to_a_line_break_and_a_space() -> None:
    markup = "aaaa aaaa\nbbbb\n\ncccc dddd\neeee"
    assert split_html(markup, limit=22) == ["aaaa aaaa\nbbbb", "cccc dddd\neeee"]


def test_a_line_break_is_preferred_to_a_space() -> None:
    assert split_html("aaaa aaaa\nbbbb cccc", limit=16) == ["aaaa aaaa", "bbbb cccc"]


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    assert split_html("abcdefghij", limit=4) == ["abcd", "efgh", "ij"]


def test_formatting_is_closed_at_a_cut_and_reopened_after() -> None:
    chunks = split_html('<a href="https://e.com/"><b>' + "word " * 30 + "</b></a>", limit=40)
    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.startswith('<a href="https://e.com/"><b>') and chunk.endswith("</b></a>")
        check(chunk)


def test_a_code_block_is_cut_at_line_ends_and_keeps_its_language() -> None:
    lines = [f"    value_{n} = compute({n}) & mask" for n in range(60)]
    rendered = to_telegram_html("```python\n" + "\n".join(lines) + "\n```")
    chunks = split_html(rendered, limit=400)
    assert len(chunks) > 1
    seen: list[str] = []
    for chunk in chunks:
        assert chunk.startswith('<pre><code class="language-python">') and chunk.endswith("</code></pre>")
        seen.extend(check(chunk).split("\n"))
    assert seen == lines


def test_entities_are_never_cut() -> None:
    chunks = split_html("&amp;&lt;&gt;&quot;" * 10, limit=3)
    assert "".join(check(chunk) for chunk in chunks) == '&<>"' * 10


def test_characters_outside_the_basic_plane_count_twice_and_are_never_cut() -> None:
    chunks = split_html("😀" * 5, limit=3)
    assert chunks == ["😀"] * 5


def test_a_limit_below_two_is_refused() -> None:
    with pytest.raises(ValueError):
        split_html("text", limit=1)


@given(text=markdown | st.text(), limit=st.integers(min_value=2, max_value=5000), unclosed=st.booleans())
def test_markup_that_fits_gives_what_the_character_by_character_split_gives(
    text: str, limit: int, unclosed: bool
) -> None:
    rendered = to_telegram_html(text) + ("<b><i>x" if unclosed else "")

    assert split_html(rendered, limit) == split_atoms(rendered, limit)
