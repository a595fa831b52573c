import json
import shutil
import subprocess

import pytest

from tests.operations import block_yaml
from tests.operations.deployment import ROOT

READ_WITH_PYYAML = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"


def python_with_pyyaml() -> str | None:
    for candidate in (shutil.which("python3"), "/usr/bin/python3"):
        if (
            candidate
            and subprocess.run([candidate, "-c", "import yaml"], capture_output=True).returncode == 0
        ):
            return candidate
    return None


def test_compose_file_reads_as_pyyaml_reads_it() -> None:
    python = python_with_pyyaml()
    if python is None:
        pytest.skip("no Python with PyYAML here to read compose.yaml the other way")
    path = ROOT / "compose.yaml"
    done = subprocess.run(
        [python, "-c", READ_WITH_PYYAML, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert block_yaml.load(path.read_text()) == json.loads(done.stdout)


def test_nested_mappings_lists_and_scalars_are_read() -> None:
    text = (
        'a:\n  b: \'it\'\'s\'  # note\n  c: ["x", "y"]\n  d:\n    - 1\n    - "#2"\n'
        "  e: 30s\n  f: true\n  g:\nh: ~\n"
    )
    assert block_yaml.load(text) == {
        "a": {"b": "it's", "c": ["x", "y"], "d": [1, "#2"], "e": "30s", "f": True, "g": None},
        "h": None,
    }


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: |\n  text\n",
        "a: {b: 1}\n",
        "a:\n  - b: 1\n",
        "a: 1\na: 2\n",
        "a:\n\tb: 1\n",
        "a: 1\n   b: 2\n",
    ],
)
def test_what_it_does_not_read_is_refused(text: str) -> None:
    with pytest.raises(block_yaml.UnreadableYaml):
        block_yaml.load(text)
