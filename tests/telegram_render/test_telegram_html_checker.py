"""The checker the rendering tests rely on refuses what Telegram refuses."""

import pytest

from tests.telegram_render.telegram_html_checker import InvalidTelegramHtml, check

REFUSED = [
    "<script>x</script>",
    "<p>x</p>",
    "a < b",
    "a > b",
    "Tom & Jerry",
    "&amp",
    "&nbsp;",
    "<b>open",
    "<b><i>x</b></i>",
    "</b>",
    "<B>x</B>",
    "<br/>",
    "<!-- c -->",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="https://e.com" title="t">x</a>',
    '<b class="x">x</b>',
    "<code><b>x</b></code>",
    "<b><code>x</code></b>",
    '<a href="https://e.com"><code>x</code></a>',
    "<blockquote><blockquote>x</blockquote></blockquote>",
    "<blockquote><pre>x</pre></blockquote>",
    "<b><pre>x</pre></b>",
    '<code class="language-py">x</code>',
    '<pre><code class="py">x</code></pre>',
]


@pytest.mark.parametrize("markup", REFUSED)
def test_markup_telegram_refuses_is_refused(markup: str) -> None:
    with pytest.raises(InvalidTelegramHtml):
        check(markup)


def test_accepted_markup_yields_its_visible_text() -> None:
    markup = (
        '<b>b <i>i</i></b> <a href="https://e.com/?a=1&amp;b=2"><b>l</b></a> &lt;&gt;&amp;&quot;&#128512;'
        '<pre><code class="language-python">x</code></pre><blockquote>q <code>c</code></blockquote>'
    )
    assert check(markup) == 'b i l <>&"😀xq c'
