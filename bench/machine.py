"""The machine a run measured: CPU model and count, memory, Python, and when."""

import os
import platform
from datetime import UTC, datetime


def describe() -> dict[str, str]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count() or 0),
        "cpu model": _cpu_model(),
        "memory": f"{_memory_gb():.1f} GB",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load average at start": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0
