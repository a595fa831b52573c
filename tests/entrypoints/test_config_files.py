"""The price and mode files: the shipped ones load, a bad one is refused in one line that names the
file and the field, and any valid price table loads to the micro-dollars it was written in."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.preferences import Mode
from domain.pricing import ModelPrice
from entrypoints.config_files import read_modes, read_prices
from entrypoints.model_wiring import DEFAULT_MODES_FILE, DEFAULT_PRICES_FILE
from entrypoints.settings import ConfigurationError


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

    assert prices["gpt-5-mini"] == ModelPrice(250_000, 25_000, 2_000_000)
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


@dataclass(frozen=True)
class Amount:
    """Micro-dollars and one way a person might write them in the file."""

    micros: int
    toml: str


@dataclass(frozen=True)
class Entry:
    token_prices: dict[str, Amount]
    per_image: dict[str, dict[str, Amount]]

    def price(self) -> ModelPrice:
        def micros(field: str) -> int:
            return self.token_prices[field].micros if field in self.token_prices else 0

        return ModelPrice(
            micros("input_per_mtok"),
            micros("cached_input_per_mtok"),
            micros("output_per_mtok"),
            image_micros_by_variant={
                (size, quality): amount.micros
                for size, qualities in self.per_image.items()
                for quality, amount in qualities.items()
            },
        )


def as_toml(micros: int, style: str) -> str:
    whole, fraction = divmod(micros, 1_000_000)
    dollars = f"{whole}.{fraction:06d}".rstrip("0").rstrip(".")
    return {"string": json.dumps(dollars), "number": dollars if "." in dollars else f"{dollars}.0"}[style]


amounts = st.builds(
    lambda micros, style: Amount(micros, as_toml(micros, style)),
    st.integers(0, 10**9),  # up to $1000: a TOML float holds that many digits exactly
    st.sampled_from(["string", "number"]),
)
keys = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12)
entries = st.builds(
    Entry,
    st.dictionaries(st.sampled_from(["input_per_mtok", "cached_input_per_mtok", "output_per_mtok"]), amounts),
    st.dictionaries(keys, st.dictionaries(keys, amounts, min_size=1, max_size=3), max_size=3),
)


def quoted(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def price_file(table: dict[str, Entry]) -> str:
    lines = []
    for name, entry in table.items():
        lines.append(f"[models.{quoted(name)}]")
        lines += [f"{field} = {amount.toml}" for field, amount in entry.token_prices.items()]
        for size, qualities in entry.per_image.items():
            lines.append(f"[models.{quoted(name)}.per_image.{quoted(size)}]")
            lines += [f"{quoted(quality)} = {amount.toml}" for quality, amount in qualities.items()]
    return "\n".join(lines) + "\n"


@given(st.dictionaries(keys, entries, min_size=1, max_size=4))
def test_a_valid_price_table_loads_to_the_micro_dollars_written(
    tmp_path_factory: pytest.TempPathFactory, table: dict[str, Entry]
) -> None:
    path = written(tmp_path_factory.getbasetemp(), "generated-prices.toml", price_file(table))

    assert read_prices(path) == {name: entry.price() for name, entry in table.items()}
