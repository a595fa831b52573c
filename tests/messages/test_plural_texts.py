"""Numbers read with their nouns in the right plural form, units and names in the reader's language."""

from datetime import UTC, datetime, timedelta

import pytest

from application.billing.usage import UsageSummary
from application.chat.replies import describe_failure, describe_history, describe_usage, history_header
from application.errors import BudgetExceeded, MessageTooLong
from application.messages import counted, duration, text
from domain.budget import Exceeded, Limits
from domain.conversation import Role, Turn
from domain.usage import Totals


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "1 токен"),
        (2, "2 токена"),
        (4, "4 токена"),
        (5, "5 токенов"),
        (11, "11 токенов"),
        (12, "12 токенов"),
        (21, "21 токен"),
        (22, "22 токена"),
        (111, "111 токенов"),
        (441, "441 токен"),
        (0, "0 токенов"),
    ],
)
def test_russian_tokens_take_the_form_their_number_asks_for(count: int, words: str) -> None:
    assert counted("n_tokens", count, "ru") == words


@pytest.mark.parametrize(("count", "words"), [(0, "0 requests"), (1, "1 request"), (2, "2 requests")])
def test_english_requests_are_singular_for_one_only(count: int, words: str) -> None:
    assert counted("n_requests", count, "en") == words


def summary(today_tokens: int, month_tokens: int, tokens_left: int | None = None) -> UsageSummary:
    return UsageSummary(
        today=Totals(requests=1, input_tokens=today_tokens),
        month=Totals(requests=2, input_tokens=month_tokens),
        limits=Limits(daily_tokens=tokens_left),
        daily_micros_left=None,
        monthly_micros_left=None,
        daily_tokens_left=tokens_left,
        monthly_tokens_left=None,
    )


def test_usage_in_russian_counts_tokens_in_russian() -> None:
    assert describe_usage(summary(441, 882, 21), "ru").splitlines() == [
        "Сегодня: 441 токен, $0.000000",
        "В этом месяце: 882 токена, $0.000000",
        "Осталось: 21 токен на сегодня",
    ]


def test_usage_in_english_says_token_for_one() -> None:
    assert describe_usage(summary(1, 2, 1), "en").splitlines() == [
        "Today: 1 token, $0.000000",
        "This month: 2 tokens, $0.000000",
        "Budget left: 1 token today",
    ]


def test_two_counts_in_one_sentence_each_take_their_own_form() -> None:
    assert (
        text("status_today", "ru", requests=24, tokens=882, cost="$0.01")
        == "Сегодня: 24 запроса, 882 токена, $0.01"
    )
    assert (
        text("status_today", "en", requests=1, tokens=1, cost="$0.01") == "Today: 1 request, 1 token, $0.01"
    )
    assert (
        text("status_today", "en", requests=2, tokens=5, cost="$0.01") == "Today: 2 requests, 5 tokens, $0.01"
    )
    assert (
        text("summary_top_line", "ru", user="7", cost="$1", requests=21, tokens=3)
        == "7: $1, 21 запрос, 3 токена"
    )


def test_limits_name_their_counts_in_the_users_language() -> None:
    assert describe_failure(MessageTooLong(4101, 4096), "ru") == (
        "В сообщении 4101 символ, а можно не больше 4096. Сократите его или пришлите как документ .txt."
    )
    assert describe_failure(BudgetExceeded(Exceeded.DAILY_TOKENS, 1000), "ru") == (
        "Достигнут дневной лимит в 1000 токенов. Он обнулится в полночь по UTC."
    )
    assert describe_failure(BudgetExceeded(Exceeded.MONTHLY_TOKENS, 1000), "en") == (
        "You have reached your monthly limit of 1000 tokens. It resets on the 1st (UTC)."
    )


def test_history_counts_its_messages() -> None:
    at = datetime(2026, 12, 1, 20, 18, tzinfo=UTC)
    turns = [Turn(Role.USER, "привет", at), Turn(Role.ASSISTANT, "здравствуйте", at)]
    assert describe_history(turns, "ru").split("\n\n") == [
        "Последние 2 сообщения:",
        "Вы: привет",
        "Ассистент: здравствуйте",
    ]
    assert describe_history(turns[:1], "en").split("\n\n") == ["The last message:", "You: привет"]


@pytest.mark.parametrize(
    ("count", "lang", "heading"),
    [
        (1, "ru", "Последнее сообщение:"),
        (2, "ru", "Последние 2 сообщения:"),
        (4, "ru", "Последние 4 сообщения:"),
        (5, "ru", "Последние 5 сообщений:"),
        (11, "ru", "Последние 11 сообщений:"),
        (21, "ru", "Последние 21 сообщение:"),
        (22, "ru", "Последние 22 сообщения:"),
        (1, "en", "The last message:"),
        (3, "en", "The last 3 messages:"),
        (5, "en", "The last 5 messages:"),
        (21, "en", "The last 21 messages:"),
    ],
)
def test_the_history_heading_reads_naturally_for_every_count(count: int, lang: str, heading: str) -> None:
    assert history_header(count, lang) == heading


@pytest.mark.parametrize(
    ("span", "lang", "words"),
    [
        (timedelta(minutes=1), "ru", "0 ч 1 мин"),
        (timedelta(minutes=1), "en", "0h 1m"),
        (timedelta(days=2, hours=3, minutes=4), "ru", "2 д 3 ч 4 мин"),
        (timedelta(days=2, hours=3, minutes=4), "en", "2d 3h 4m"),
    ],
)
def test_spans_read_in_the_languages_units(span: timedelta, lang: str, words: str) -> None:
    assert duration(span, lang) == words


def test_the_parts_status_checks_are_named_in_the_readers_language() -> None:
    assert text("status_health_ok", "ru", name="Database") == "База данных: в порядке"
    assert (
        text("status_health_failed", "ru", name="Database", error="timeout") == "База данных: СБОЙ (timeout)"
    )
    assert text("status_health_ok", "en", name="Database") == "Database: ok"
    assert text("status_health_ok", "ru", name="Redis") == "Redis: в порядке"
    assert (
        text("status_health_ok", "ru", name="Mailer") == "Mailer: в порядке"
    )  # a part without a name of its own
