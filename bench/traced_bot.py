"""`python -m bench.traced_bot PREFIX MODULE [ARGS...]`: run MODULE as `python -m MODULE ARGS`; the first
SIGUSR1 starts tracemalloc (traced, aiogram's import takes minutes) and each writes a snapshot to
PREFIX-1.pickle, PREFIX-2.pickle, ...: what the later ones add to the first was allocated since
(bench/memory_where.py)."""

import os
import runpy
import signal
import sys
import tracemalloc
from types import FrameType

FRAMES = 1  # grouped by file: the allocating line is enough


def main() -> None:
    prefix, module, *args = sys.argv[1:]
    taken = 0

    def dump(signum: int, frame: FrameType | None) -> None:
        nonlocal taken
        taken += 1
        if not tracemalloc.is_tracing():
            tracemalloc.start(FRAMES)
        path = f"{prefix}-{taken}.pickle"
        tracemalloc.take_snapshot().dump(path + ".part")
        os.replace(path + ".part", path)  # whole, or not there yet

    signal.signal(signal.SIGUSR1, dump)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
