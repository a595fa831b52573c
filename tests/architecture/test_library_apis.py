"""The bot stays on the public APIs of its libraries: no private attribute of a library object read or
set, no private module or name imported, no library's private method overridden, no undocumented
stdlib internals, no raw connection borrowed from a library's pool, no SDK-internal request options."""

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "application", "adapters", "entrypoints")
SCANNED = (*PACKAGES, "bench")
LIBRARIES = ("eventsourcing", "eventsourcing_sqlalchemy", "sqlalchemy", "psycopg", "psycopg_pool", "openai")
LIBRARIES += ("json", "aiogram", "redis", "pydantic")
NAMED_TUPLE_API = frozenset({"_asdict", "_replace", "_fields", "_make", "_field_defaults"})
"""Documented, though spelt with an underscore so as not to clash with field names."""
UNDOCUMENTED = frozenset(
    {
        "scan_once",
        "encode_basestring",
        "encode_basestring_ascii",
        "c_make_encoder",
        "raw_connection",
        "driver_connection",
        "dbapi_connection",
    }
)
INTERNAL_JSON_MODULES = ("json.decoder", "json.encoder", "json.scanner")
SDK_REQUEST_INTERNALS = frozenset({"cast_to", "stream_cls", "options"})
"""Keywords of the openai client's low-level request methods (`post`, `request`)."""


def sources() -> Iterator[Path]:
    for package in SCANNED:
        yield from sorted((ROOT / package).rglob("*.py"))


def findings(path: Path, where: Path | None = None) -> Iterator[str]:
    """What in the file reaches under a library; `where` is the file's place in the tree."""
    tree = ast.parse(path.read_text(), filename=str(path))
    where = where or path.relative_to(ROOT)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            own = isinstance(owner, ast.Name) and owner.id in ("self", "cls")
            if private and not own and node.attr not in NAMED_TUPLE_API:
                yield f"{where}:{node.lineno}: {ast.unparse(node)} reads another object's private attribute"
            if node.attr in UNDOCUMENTED:
                yield f"{where}:{node.lineno}: {ast.unparse(node)} is undocumented"
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            if any(part.startswith("_") for part in node.module.split(".")):
                yield f"{where}:{node.lineno}: imports the private module {node.module}"
            for name in names:
                if (name.startswith("_") and not name.startswith("__")) or name in UNDOCUMENTED:
                    yield f"{where}:{node.lineno}: imports {name} from {node.module}"
            if node.module.startswith(INTERNAL_JSON_MODULES):
                yield f"{where}:{node.lineno}: imports json's internals ({node.module})"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(part.startswith("_") for part in alias.name.split(".")):
                    yield f"{where}:{node.lineno}: imports the private module {alias.name}"
                if alias.name.startswith(INTERNAL_JSON_MODULES):
                    yield f"{where}:{node.lineno}: imports json's internals ({alias.name})"
        elif isinstance(node, ast.Call) and "openai" in where.parts:
            for keyword in node.keywords:
                if keyword.arg in SDK_REQUEST_INTERNALS:
                    yield f"{where}:{node.lineno}: passes the SDK-internal request option {keyword.arg}="


def test_no_source_file_reaches_under_a_library() -> None:
    found = [line for path in sources() for line in findings(path)]
    assert found == []


def our_classes() -> Iterator[type]:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations" in info.name:
                continue  # Alembic's scripts run inside its own context, not as modules
            loaded = importlib.import_module(info.name)
            for _, value in inspect.getmembers(loaded, inspect.isclass):
                if value.__module__ == info.name:
                    yield value


def library_private_overrides(cls: type) -> Iterator[str]:
    library_bases = [base for base in cls.__mro__[1:] if base.__module__.split(".")[0] in LIBRARIES]
    for name, value in vars(cls).items():
        if not name.startswith("_") or name.startswith("__"):
            continue
        if not (inspect.isfunction(value) or isinstance(value, staticmethod | classmethod | property)):
            continue  # data, such as the `_abc_impl` every abstract class is given
        for base in library_bases:
            if name in vars(base):
                yield f"{cls.__module__}.{cls.__qualname__}.{name} overrides {base.__module__}.{base.__name__}"


def test_no_class_overrides_a_private_method_of_a_library() -> None:
    found = [line for cls in our_classes() for line in library_private_overrides(cls)]
    assert found == []


@pytest.mark.parametrize(
    ("source", "finding"),
    [
        ("engine.raw_connection()", "undocumented"),
        ("recorder._lock_table(session)", "private attribute"),
        ("from json.encoder import encode_basestring_ascii", "json's internals"),
        ("from openai._models import FinalRequestOptions", "private module"),
        ("scan = json.JSONDecoder().scan_once", "undocumented"),
    ],
)
def test_the_scan_catches_what_it_is_for(tmp_path: Path, source: str, finding: str) -> None:
    path = tmp_path / "probe.py"
    path.write_text(source + "\nclient.post('/responses', body={}, options={})\n")
    lines = list(findings(path, Path("adapters/openai/probe.py")))
    assert any(finding in line for line in lines), lines
    assert any("options=" in line for line in lines), lines


def test_the_override_check_catches_a_private_override() -> None:
    from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder

    class Overriding(SQLAlchemyApplicationRecorder):
        def _insert_stored_events(self, *args: object, **kwargs: object) -> list[int]:
            return []

    assert list(library_private_overrides(Overriding))
