from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram.render import plain_text_fallback, to_telegram_html
from tests.telegram_render.markdown_strategies import markdown, plain_words
from tests.telegram_render.telegram_html_checker import check


@settings(max_examples=400)
@given(markdown)
def test_any_model_output_renders_to_html_telegram_accepts(text: str) -> None:
    check(to_telegram_html(text))


@given(st.text())
def test_any_unicode_text_renders_to_html_telegram_accepts(text: str) -> None:
    check(to_telegram_html(text))


@given(plain_words)
def test_plain_words_show_unchanged(text: str) -> None:
    assert check(to_telegram_html(text)) == text


@given(markdown)
def test_the_plain_text_fallback_is_the_visible_text(text: str) -> None:
    rendered = to_telegram_html(text)
    assert plain_text_fallback(rendered) == check(rendered)


def test_raw_html_from_the_model_shows_as_literal_text() -> None:
    rendered = to_telegram_html("Use <b>bold</b> and <script>alert(1)</script> & more")
    assert "<script" not in rendered and "<b>" not in rendered
    assert check(rendered) == "Use <b>bold</b> and <script>alert(1)</script> & more"


def test_an_ampersand_is_escaped() -> None:
    assert to_telegram_html("Tom & Jerry") == "Tom &amp; Jerry"


def test_unbalanced_emphasis_stays_literal() -> None:
    assert check(to_telegram_html("**bold without end and _half")) == "**bold without end and _half"


def test_emphasis_code_and_strike_become_telegram_tags() -> None:
    assert to_telegram_html("**b** *i* _i_ ~~s~~ `c`") == "<b>b</b> <i>i</i> <i>i</i> <s>s</s> <code>c</code>"


def test_code_inside_bold_is_moved_out_of_the_bold() -> None:
    assert to_telegram_html("**run `make` now**") == "<b>run </b><code>make</code><b> now</b>"


def test_a_heading_becomes_a_bold_line() -> None:
    assert to_telegram_html("## Results\ntext") == "<b>Results</b>\n\ntext"


def test_lists_become_bulleted_and_numbered_lines() -> None:
    assert to_telegram_html("- one\n- two\n  - nested") == "• one\n• two\n  • nested"
    assert to_telegram_html("3. three\n4. four") == "3. three\n4. four"


def test_a_fenced_block_keeps_its_language() -> None:
    rendered = to_telegram_html("```python\nif a < b:\n    pass\n```")
    assert rendered == '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>'


def test_a_table_becomes_an_aligned_preformatted_block() -> None:
    rendered = to_telegram_html("| name | cost |\n|---|---|\n| gpt | **3** |")
    assert rendered == "<pre>name | cost\n-----+-----\ngpt  | 3</pre>"


def test_a_quote_becomes_one_blockquote_even_when_nested() -> None:
    assert to_telegram_html("> a\n> > b") == "<blockquote>a\n\nb</blockquote>"


def test_only_web_and_telegram_links_are_kept() -> None:
    rendered = to_telegram_html(
        "[ok](https://example.com/?a=1&b=2) [tg](tg://resolve?domain=x) [mail](mailto:a@b.c)"
    )
    assert rendered == (
        '<a href="https://example.com/?a=1&amp;b=2">ok</a> <a href="tg://resolve?domain=x">tg</a> mail'
    )


def test_a_script_link_shows_as_literal_text() -> None:
    rendered = to_telegram_html("[no](javascript:alert(1))")
    assert "href" not in rendered
    assert check(rendered) == "[no](javascript:alert(1))"


def test_code_in_a_link_shows_as_link_text() -> None:
    assert to_telegram_html("[`x`](https://e.com)") == '<a href="https://e.com">x</a>'


def test_code_in_a_quote_stays_inside_the_quote() -> None:
    assert to_telegram_html("> ```\n> a\n> ```") == "<blockquote><code>a</code></blockquote>"


def test_empty_input_renders_empty() -> None:
    assert to_telegram_html("") == ""
    assert to_telegram_html("```\n```") == ""


def test_absurdly_deep_nesting_loses_no_text() -> None:
    quotes = "> " * 100 + "deep quote"
    lists = "".join("  " * depth + "- level\n" for depth in range(60)) + "  " * 60 + "- deep item"
    assert check(to_telegram_html(quotes)).endswith("deep quote")
    assert check(to_telegram_html(lists)).endswith("deep item")
