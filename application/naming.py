"""How an operator's reports name a user: the id, then the first name and @handle Telegram last showed
(none of them when the views are read pseudonymously)."""

from collections.abc import Collection
from typing import TYPE_CHECKING

from application.views import Person

if TYPE_CHECKING:  # the ports import eventsourcing, which the CLI's start-up does without
    from application.ports import AnalyticsViews


def user_label(user_id: int, name: str | None = None, username: str | None = None) -> str:
    """'42 (Ada @ada)', '42 (Ada)', '42 (@ada)', or '42' when no name is known or shown."""
    known = " ".join(part for part in (name, f"@{username}" if username else None) if part)
    return f"{user_id} ({known})" if known else str(user_id)


def person_label(user_id: int, person: Person | None) -> str:
    return user_label(user_id, person.name, person.username) if person else str(user_id)


def names_of(views: "AnalyticsViews", user_ids: Collection[int], pseudonymous: bool) -> dict[int, Person]:
    """The people of these ids, as far as their names may be shown: none when pseudonymous."""
    return {} if pseudonymous or not user_ids else views.people(user_ids)
