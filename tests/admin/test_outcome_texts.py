"""What /allow, /ban and /unban tell an admin names the user by their label, in both languages."""

import pytest

from application.admin.service import Outcome
from application.admin.texts import describe_outcome
from application.naming import user_label

ADA = user_label(42, "Ada", "ada")


@pytest.mark.parametrize(
    ("action", "outcome", "lang", "expected"),
    [
        ("allow", Outcome.DONE, "en", "User 42 (Ada @ada) may now use the bot."),
        ("ban", Outcome.ALREADY, "en", "User 42 (Ada @ada) was already banned."),
        ("unban", Outcome.DONE, "ru", "Пользователь 42 (Ada @ada) разблокирован."),
        (
            "ban",
            Outcome.CONFIGURED_ADMIN,
            "ru",
            "Пользователь 42 (Ada @ada) — администратор из ADMIN_IDS; блокировка к нему не применяется.",
        ),
    ],
)
def test_an_outcome_names_the_user_by_label(action: str, outcome: Outcome, lang: str, expected: str) -> None:
    assert describe_outcome(action, outcome, ADA, lang) == expected
