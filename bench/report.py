"""The measured figures written into docs/benchmarks.md, between markers, leaving the prose around them."""

from collections.abc import Sequence
from pathlib import Path

from bench.result import Result

BEGIN = "<!-- bench:begin (written by `python -m bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"


def render(results: Sequence[Result], machine: dict[str, str], command: str) -> str:
    lines = [BEGIN, "", f"Command: `{command}`", ""]
    lines += [f"- {name}: {value}" for name, value in machine.items()]
    for result in results:
        lines += ["", f"### {result.title}", "", result.setup, ""]
        lines += [
            "| measured | value | baseline | ours / baseline | goal | met |",
            "|---|---|---|---|---|---|",
        ]
        for f in result.figures:
            lines.append(f"| {f.what} | {f.value} | {f.baseline} | {f.ratio} | {f.goal} | {f.verdict} |")
        lines += [""] + [f"- {note}" for note in result.notes]
        lines.append(f"- This benchmark took {result.seconds:.0f} s.")
    lines += ["", END]
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    """Replace the section between the markers (or append one) and keep everything else."""
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)
