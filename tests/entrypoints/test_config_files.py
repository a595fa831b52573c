"""The price and mode files: the shipped ones load, and a bad one is refused in one line that names the
file and the field."""

from collections.abc import Callable
from pathlib import Path

import pytest

from application.chat.preferences import Mode
from domain.pricing import ModelPrice
from entrypoints.config_files import read_modes, read_prices
from entrypoints.model_wiring import DEFAULT_MODES_FILE, DEFAULT_PRICES_FILE
from entrypoints.settings import ConfigurationError
from tests.entrypoints.cli_runner import run_gptbot


def written(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def refusal(read: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(ConfigurationError) as refused:
        read(path)
    line = str(refused.value)
    assert "\n" not in line
    assert str(path) in line
    return line


def test_the_shipped_prices_load_as_micro_dollars() -> None:
    prices = read_prices(DEFAULT_PRICES_FILE)

    assert prices["gpt-5-mini"] == ModelPrice(250_000, 25_000, 2_000_000, web_search_micros=10_000)
    assert prices["gpt-image-2"].image_micros_by_variant[("1024x1024", "medium")] == 53_000


def test_the_shipped_modes_load_with_their_titles() -> None:
    modes = read_modes(DEFAULT_MODES_FILE)

    assert modes["tutor"].title == "Tutor"
    assert all(mode.prompt == mode.prompt.strip() != "" for mode in modes.values())


def test_a_price_written_as_a_number_counts_like_one_written_as_a_string(tmp_path: Path) -> None:
    path = written(tmp_path, "prices.toml", "[models.local]\ninput_per_mtok = 2\noutput_per_mtok = 0.25\n")

    assert read_prices(path) == {"local": ModelPrice(2_000_000, 0, 250_000)}


def test_a_model_with_no_prices_written_is_free(tmp_path: Path) -> None:
    assert read_prices(written(tmp_path, "prices.toml", '[models."llama3.2"]\n')) == {
        "llama3.2": ModelPrice()
    }


def test_a_mode_without_a_title_is_titled_by_its_name(tmp_path: Path) -> None:
    path = written(tmp_path, "modes.toml", '[modes.pirate]\nprompt = "  Talk like a pirate. "\n')

    assert read_modes(path) == {"pirate": Mode("pirate", "pirate", "Talk like a pirate.")}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (
            '[models."gpt-5-mini"]\ninput_per_mtok = "cheap"\n',
            "models.gpt-5-mini.input_per_mtok: expected a price",
        ),
        (
            '[models."gpt-5.2"]\noutput_per_mtok = "-1"\n',
            'models."gpt-5.2".output_per_mtok: Input should be gre',
        ),
        (
            '[models."gpt-5-mini"]\ninput_per_mtok = true\n',
            "models.gpt-5-mini.input_per_mtok: expected a price",
        ),
        (
            '[models.x]\ncached_input_per_mtok = "nan"\n',
            "models.x.cached_input_per_mtok: Input should be a finite",
        ),
        (
            '[models.x.per_image."1024x1024"]\nmedium = 2026-11-01\n',
            "models.x.per_image.1024x1024.medium: expected",
        ),
        ('[models.x.per_image]\n"1024x1024" = "0.1"\n', "models.x.per_image.1024x1024: expected a table"),
        ('[models.x]\ninptu_per_mtok = "1"\n', "models.x.inptu_per_mtok: unknown key"),
        ('[model.x]\ninput_per_mtok = "1"\n', "models: Field required; model: unknown key"),
        ('models = "nope"\n', "models: expected a table (got 'nope')"),
        ("", "models: Field required"),
    ],
)
def test_a_bad_prices_file_is_refused_naming_the_field(tmp_path: Path, content: str, named: str) -> None:
    line = refusal(read_prices, written(tmp_path, "prices.toml", content))

    assert line.startswith("invalid prices in ")
    assert named in line


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('[modes.empty]\nprompt = "  "\n', "modes.empty.prompt: String should have at least 1 character"),
        ('[modes.tutor]\ntitle = "Tutor"\n', "modes.tutor.prompt: Field required"),
        (
            '[modes.tutor]\ntitle = 3\nprompt = "Explain."\n',
            "modes.tutor.title: Input should be a valid string",
        ),
        ('[modes.tutor]\nprompt = "Explain."\ncolour = "red"\n', "modes.tutor.colour: unknown key"),
        ("modes = 1\n", "modes: expected a table (got 1)"),
    ],
)
def test_a_bad_modes_file_is_refused_naming_the_field(tmp_path: Path, content: str, named: str) -> None:
    line = refusal(read_modes, written(tmp_path, "modes.toml", content))

    assert line.startswith("invalid modes in ")
    assert named in line


@pytest.mark.parametrize("read", [read_prices, read_modes])
def test_a_file_that_is_not_toml_is_refused_in_one_line(
    tmp_path: Path, read: Callable[[Path], object]
) -> None:
    line = refusal(read, written(tmp_path, "broken.toml", "[models\nbroken"))

    assert line.startswith("cannot read ")


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path) -> None:
    assert refusal(read_prices, tmp_path / "absent.toml").startswith("cannot read prices from ")


def test_a_bad_prices_file_stops_the_start_with_one_line(tmp_path: Path) -> None:
    prices = written(tmp_path, "prices.toml", '[models."gpt-5-mini"]\ninput_per_mtok = "-0.25"\n')
    done = run_gptbot(["chat"], b"hello\n", tmp_path, PRICES_FILE=str(prices))

    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"gptbot: invalid prices in {prices}: models.gpt-5-mini.input_per_mtok: "
        "Input should be greater than or equal to 0 (got '-0.25')\n"
    )
