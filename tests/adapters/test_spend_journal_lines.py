"""The journal's lines: every entry reads back as it was kept, and a file cut anywhere (a writer killed
mid-append) reads back as exactly the entries whose lines were whole."""

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from adapters.journal.lines import encode, parse
from application.spend_entries import SpendEntry
from domain.usage import ModelUsage, UsageKind

counts = st.integers(min_value=0, max_value=10**9)


@st.composite
def usages(draw: st.DrawFn) -> ModelUsage:
    input_tokens = draw(counts)
    cached = draw(st.integers(min_value=0, max_value=input_tokens))
    return ModelUsage(
        draw(st.text(min_size=1, max_size=20)),
        draw(st.sampled_from(UsageKind)),
        input_tokens,
        draw(counts),
        cached,
        draw(st.integers(min_value=0, max_value=10)),
        draw(st.booleans()),
        audio_tokens=draw(st.integers(min_value=0, max_value=input_tokens - cached)),
        audio_seconds=draw(st.integers(min_value=0, max_value=86_400)),
    )


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC))

entries = st.builds(
    SpendEntry,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.text(min_size=1, max_size=60),
    usages(),
    counts,
    moments,
    st.none() | st.integers(min_value=-(2**53), max_value=2**53),
    st.none() | st.text(max_size=300),
)


@given(st.lists(entries, max_size=5))
def test_every_entry_reads_back_as_it_was_kept(kept: list[SpendEntry]) -> None:
    parsed = parse(b"".join(map(encode, kept)))

    assert parsed.entries == tuple(kept)
    assert (parsed.torn, parsed.unreadable) == (0, 0)


@given(st.lists(entries, min_size=1, max_size=5), st.data())
def test_a_file_cut_anywhere_reads_back_as_its_whole_lines(
    kept: list[SpendEntry], data: st.DataObject
) -> None:
    lines = [encode(entry) for entry in kept]
    whole = b"".join(lines)
    cut = data.draw(st.integers(min_value=0, max_value=len(whole)))

    parsed = parse(whole[:cut])

    ends = [sum(map(len, lines[: n + 1])) for n in range(len(lines))]
    complete = sum(1 for end in ends if end <= cut)
    assert parsed.entries == tuple(kept[:complete])
    assert parsed.torn == (0 if cut in (0, *ends) else 1)


def test_a_line_kept_before_audio_was_transcribed_reads_back_without_audio() -> None:
    usage = {
        "model": "gpt-5-mini",
        "kind": "chat",
        "input_tokens": 30,
        "output_tokens": 7,
        "cached_tokens": 0,
        "images": 0,
        "estimated": False,
    }
    line = (
        '{"v":1,"user_id":5,"request_id":"telegram:9","usage":'
        + json.dumps(usage)
        + ',"cost_micros":12,"at":"2026-11-02T10:00:00+00:00","chat_id":5,"reply":"Hi"}\n'
    )

    [entry] = parse(line.encode()).entries

    assert entry.usage == ModelUsage("gpt-5-mini", UsageKind.CHAT, 30, 7)
