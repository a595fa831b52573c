"""Any valid price table, written as a person might write it, loads to the micro-dollars it holds."""

import json
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.pricing import ModelPrice
from entrypoints.config_files import read_prices


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
    path = tmp_path_factory.getbasetemp() / "generated-prices.toml"
    path.write_text(price_file(table), encoding="utf-8")

    assert read_prices(path) == {name: entry.price() for name, entry in table.items()}
