"""The dashboard's secret: the setting, else the bot token's, else a random one kept beside the data."""

import stat
from pathlib import Path
from typing import Any

from entrypoints.dashboard_secret import FILE_NAME, dashboard_secret
from entrypoints.settings import Settings


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db' / 'bot.db'}", **values)  # type: ignore[call-arg]


def test_without_a_setting_or_a_token_a_secret_file_is_made_once_for_its_owner_only(tmp_path: Path) -> None:
    first = dashboard_secret(settings(tmp_path))
    path = tmp_path / "db" / FILE_NAME

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert dashboard_secret(settings(tmp_path)) == first
    assert [p.name for p in path.parent.iterdir()] == [FILE_NAME]  # no leftover of its writing


def test_each_data_folder_gets_its_own_random_secret(tmp_path: Path) -> None:
    assert dashboard_secret(settings(tmp_path / "a")) != dashboard_secret(settings(tmp_path / "b"))


def test_the_setting_wins_and_a_blank_one_is_unset(tmp_path: Path) -> None:
    assert (
        dashboard_secret(settings(tmp_path, dashboard_secret="set by the operator")) == b"set by the operator"
    )
    assert settings(tmp_path, dashboard_secret="  ").dashboard_secret is None


def test_with_a_bot_token_the_secret_is_derived_from_it_and_no_file_is_made(tmp_path: Path) -> None:
    one = dashboard_secret(settings(tmp_path, telegram_bot_token="123:abc"))

    assert one == dashboard_secret(settings(tmp_path, telegram_bot_token="123:abc"))
    assert one != dashboard_secret(settings(tmp_path, telegram_bot_token="123:abd"))
    assert b"123:abc" not in one
    assert not (tmp_path / "db" / FILE_NAME).exists()


def test_the_dashboard_url_is_the_public_one_else_its_own_host_and_port(tmp_path: Path) -> None:
    assert settings(tmp_path).dashboard_url() == "http://127.0.0.1:8081"
    assert settings(tmp_path, dashboard_host="0.0.0.0", dashboard_port=9000).dashboard_url() == (
        "http://0.0.0.0:9000"
    )
    public = settings(tmp_path, dashboard_public_url="https://bot.example/dash/", dashboard_port=9000)
    assert public.dashboard_url() == "https://bot.example/dash"
