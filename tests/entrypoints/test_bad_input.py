from pathlib import Path

from tests.entrypoints.cli_runner import run_gptbot


def assert_clean_failure(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text
    assert text.startswith("gptbot: ")
    assert text.count("\n") == 1
    return text


def test_empty_and_blank_messages_are_answered_with_a_hint(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"\n   \n/history\n", tmp_path)

    out = done.stdout.decode()
    assert done.returncode == 0
    assert out.count("Your message is empty.") == 2
    assert "This conversation is empty." in out


def test_a_100_kb_message_is_refused_with_the_limit_and_nothing_is_stored(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"a" * 100_000 + b"\n/history\n", tmp_path)

    out = done.stdout.decode()
    assert done.returncode == 0
    assert "has 100000 characters; the limit is 16000" in out
    assert "This conversation is empty." in out


def test_invalid_utf8_is_replaced_and_the_user_is_told(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"caf\xe9 \xff\xfe ok\n", tmp_path)

    out = done.stdout.decode()
    assert done.returncode == 0
    assert "not valid UTF-8" in out
    assert "You said: caf\ufffd" in out
    assert b"Traceback" not in done.stderr


def test_a_directory_as_database_path_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    done = run_gptbot(["chat"], b"hello\n", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/db")

    assert done.returncode == 2
    assert "is a directory" in assert_clean_failure(done.stderr)


def test_a_corrupt_database_file_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"this is not a database\x00" * 100)
    done = run_gptbot(["chat"], b"hello\n", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/junk.db")

    assert done.returncode == 2
    assert "is not an SQLite database" in assert_clean_failure(done.stderr)


def test_a_database_url_that_points_nowhere_fails_with_one_line_and_no_password(tmp_path: Path) -> None:
    url = "postgresql://bot:s3cret-passw0rd@127.0.0.1:9/gptbot"
    done = run_gptbot(["chat"], b"hello\n", tmp_path, DATABASE_URL=url)

    line = assert_clean_failure(done.stderr)
    assert done.returncode == 2
    assert "cannot open the event store" in line
    assert "s3cret-passw0rd" not in line and "***" in line


def test_an_unsupported_database_scheme_is_named(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"", tmp_path, DATABASE_URL="mysql://u@h/db")

    assert done.returncode == 2
    assert "must be sqlite:/// or postgresql://" in assert_clean_failure(done.stderr)


def test_an_invalid_setting_is_named_in_one_line(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"", tmp_path, ADMIN_IDS="12,abc")

    assert done.returncode == 2
    assert "ADMIN_IDS" in assert_clean_failure(done.stderr)


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BUDGET_DAILY_TOKENS=3\n")
    done = run_gptbot(["chat"], b"hello\n", tmp_path)

    assert "daily limit of 3 tokens" in done.stdout.decode()
