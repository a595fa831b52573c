"""CSV downloads hold what users wrote as text a spreadsheet will not run."""

import csv
import io
from datetime import UTC, datetime

from adapters.web.csv_tables import USER_WORDS, csv_response, timeline_rows, user_rows
from application.dashboard.model import ExportedUser, UserLine
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


def test_users_names_and_handles_are_written_quoted_when_a_spreadsheet_would_run_them() -> None:
    def exported(user_id: int, name: str | None, username: str | None) -> ExportedUser:
        line = UserLine(user_id, name, username, False, False, True, AT, AT, (1,) * 10, 2_500, True, None)
        return ExportedUser(line, ("banned",), None)

    lines = [exported(1, "=1+2", "@evil"), exported(2, "-Ada", None), exported(3, "Ada", "ada")]
    body = bytes(csv_response("users", user_rows(lines), USER_WORDS).body).decode()
    rows = list(csv.DictReader(io.StringIO(body)))

    assert [(r["name"], r["username"]) for r in rows] == [("'=1+2", "'@evil"), ("'-Ada", ""), ("Ada", "ada")]
    assert [r["status"] for r in rows] == ["banned"] * 3
    assert (rows[0]["first_seen"], rows[0]["month_usd"]) == (AT.isoformat(), "$0.002500")
    assert rows[0]["month_budget_usd"] == ""  # an admin's limits without a monthly one
