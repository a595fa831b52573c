"""`python -m bench [--quick] [--only NAME,...]`: run the benchmarks, write docs/benchmarks.md."""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import audit_replay, dashboard, memory, slow_model, spend_journal, startup, streaming, throughput
from bench.machine import describe
from bench.report import render, write
from bench.result import Result
from entrypoints.garbage_collection import tune_garbage_collection

BENCHMARKS: dict[str, Callable[[bool], Result]] = {
    "throughput": throughput.run,
    "concurrency": slow_model.run,
    "streaming": streaming.run,
    "audit": audit_replay.run,
    "memory": memory.run,
    "journal": spend_journal.run,
    "startup": startup.run,
    "dashboard": dashboard.run,
}
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes: the whole run under 2 minutes")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(BENCHMARKS)}")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the Markdown file to write")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    machine = describe()
    results = []
    for name in chosen:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        # As `gptbot run` does at start-up: what this process has built so far stays out of the cycle
        # collector's full passes, which would otherwise stop the bots measured in-process.
        tune_garbage_collection()
        started = time.perf_counter()
        result = BENCHMARKS[name](args.quick)
        result.seconds = time.perf_counter() - started
        results.append(result)
        print(f"bench: {name} done in {result.seconds:.0f} s", file=sys.stderr, flush=True)
    command = "make bench-quick" if args.quick else "make bench"
    if args.only:
        command = f"python -m bench{' --quick' if args.quick else ''} --only {','.join(chosen)}"
    sections = [
        (name, render(name, result, machine, command)) for name, result in zip(chosen, results, strict=True)
    ]
    write(args.output, sections)
    print(f"bench: figures written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
