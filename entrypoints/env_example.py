"""`python -m entrypoints.env_example > .env.example`: every setting with its default (those without one, and
the secrets, commented out), each with the first clause of its meaning in the README's settings tables."""

import re
import sys
from pathlib import Path

from pydantic import SecretStr

from entrypoints.redaction import is_secret, shown_value
from entrypoints.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
HEADER = (
    "# Every setting of gptbot with its default; copy to .env and fill in what you need.\n"
    "# Generated from the settings by `python -m entrypoints.env_example > .env.example`: do not edit.\n"
)
ROW = re.compile(r"^\| (?P<names>`[A-Z0-9_]+`[^|]*) \| [^|]* \| (?P<meaning>.+) \|$")
NAME = re.compile(r"`([A-Z0-9_]+)`")


def meanings(readme: str) -> dict[str, str]:
    """Each variable of the README's settings tables, with the first clause of its meaning."""
    found: dict[str, str] = {}
    for line in readme.splitlines():
        row = ROW.match(line)
        if row is None:
            continue
        clause = re.split(r"; |\. ", row["meaning"], maxsplit=1)[0].replace("`", "").rstrip(".")
        for name in NAME.findall(row["names"]):
            found.setdefault(name, clause)
    return found


def quoted(value: str) -> str:
    if value and re.search(r"[\s#'\"\\]", value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def env_example(readme: str) -> str:
    known = meanings(readme)
    lines = [HEADER]
    for name, field in Settings.model_fields.items():
        variable = name.upper()
        default = field.get_default(call_default_factory=True)
        secret = is_secret(name, default) or field.annotation in (SecretStr, SecretStr | None)
        value = "" if secret else shown_value(name, default)
        assignment = f"{variable}={quoted(value)}" if value else f"# {variable}="  # unset, not set empty
        lines.append(f"# {known.get(variable, 'not documented in the README yet')}\n{assignment}\n")
    return "\n".join(lines)


def main() -> None:
    sys.stdout.write(env_example(README.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
