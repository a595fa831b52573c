"""The measured figures written into docs/benchmarks.md, one marked section per benchmark, so a run of
some benchmarks (`--only`) replaces their figures and leaves the others' and the prose around them."""

from collections.abc import Sequence
from pathlib import Path

from bench.result import Result


def begin(name: str) -> str:
    return f"<!-- bench:{name}:begin (written by `python -m bench`; edit outside these markers) -->"


def end(name: str) -> str:
    return f"<!-- bench:{name}:end -->"


def render(name: str, result: Result, machine: dict[str, str], command: str) -> str:
    lines = [begin(name), "", f"### {result.title}", "", f"Command: `{command}`", ""]
    lines += [f"- {key}: {value}" for key, value in machine.items()]
    lines += ["", result.setup, ""]
    lines += [
        "| measured | value | baseline | ours / baseline | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for f in result.figures:
        lines.append(f"| {f.what} | {f.value} | {f.baseline} | {f.ratio} | {f.goal} | {f.verdict} |")
    lines += [""] + [f"- {note}" for note in result.notes]
    lines += [f"- This benchmark took {result.seconds:.0f} s.", "", end(name)]
    return "\n".join(lines)


def write(path: Path, sections: Sequence[tuple[str, str]]) -> None:
    """Replace each named section between its markers (or append it) and keep everything else."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    for name, section in sections:
        if begin(name) in text and end(name) in text:
            before, rest = text.split(begin(name), 1)
            text = before + section + rest.split(end(name), 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)
