"""The top-level packages a fresh interpreter holds after running some code, as a command would start."""

import json
import subprocess
import sys
from pathlib import Path

from tests.entrypoints.cli_runner import REPO, clean_env


def packages_after(code: str, cwd: Path = REPO) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        env=clean_env(PYTHONPATH=str(REPO)),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return {name.split(".")[0] for name in json.loads(done.stdout)}
