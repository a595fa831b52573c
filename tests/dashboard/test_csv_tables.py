"""CSV downloads hold what users wrote as text a spreadsheet will not run."""

import csv
import io
from datetime import UTC, datetime

from adapters.web.csv_tables import csv_response, timeline_rows
from application.views import TimelineEntry

AT = datetime(2026, 11, 28, 12, tzinfo=UTC)


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_written_quoted() -> None:
    entries = [
        TimelineEntry(1, 7, "message", AT, '=HYPERLINK("http://example.invalid","click")'),
        TimelineEntry(2, 7, "message", AT, "+1 for this"),
        TimelineEntry(3, 7, "usage:chat", AT, None, 1500),
        TimelineEntry(4, 7, "message", AT, 'plain words, a comma and "quotes"'),
    ]
    body = bytes(csv_response("timeline", timeline_rows(entries)).body).decode()
    rows = list(csv.DictReader(io.StringIO(body)))

    assert [r["text"] for r in rows] == [
        '\'=HYPERLINK("http://example.invalid","click")',
        "'+1 for this",
        "",
        'plain words, a comma and "quotes"',
    ]
    assert [r["position"] for r in rows] == ["1", "2", "3", "4"]  # numbers are left as they are
    assert rows[2]["cost_usd"] == "$0.001500"
