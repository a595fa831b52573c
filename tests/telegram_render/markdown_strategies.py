"""Hypothesis strategies for what a model may write: Markdown, broken Markdown and raw HTML."""

from hypothesis import strategies as st

FRAGMENTS = [
    "**", "*", "_", "__", "~~", "`", "```", "```python\n", "\n```\n", "> ", "> > ", "- ", "* ", "1. ",
    "10) ", "# ", "### ", "\n", "\n\n", "  ", "    ", "\t", "---\n", "\\*", "|a|b|\n|-|-|\n|1|**2**|\n",
    "[link](https://example.com/a?b=1&c=2)", "[bad](javascript:alert(1))", "![img](http://x/y.png)",
    "[`code` link](tg://user?id=1)", "<https://auto.link>", "<b>", "</b>", "<script>alert(1)</script>",
    "&", "&amp;", "&lt;", "&#x1F600;", "&#0;", "🐈", "𝔘", "\u200d", "Привет", "word ", "x",
]  # fmt: skip

markdown = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
    max_size=40,
).map("".join)

plain_words = st.lists(
    st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12), min_size=1, max_size=30
).map(" ".join)
