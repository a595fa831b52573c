"""Every message id the code asks for, and every id in any catalog, is translated in every shipped
language: each plural form filled, none still the English text, the same fields everywhere, and the
compiled .mo matching its .po."""

import ast
import string
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from application.messages import COUNTED, LANGUAGES, LOCALES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("domain", "application", "adapters", "entrypoints")
# How the code asks for a message, the id first; whether the id is a plural entry
KEYWORDS = {"text": False, "optional_text": False, "counted": True}
SHIPPED = ("en", "ru")
# Texts that read the same in every language, so a catalog may keep English's: `pybabel init` fills a new
# catalog with the English texts, and any other text left so is a translation still to do.
SAME_IN_EVERY_LANGUAGE = {
    "summary_top_line",  # only fields and punctuation: "{user}: {cost}, {requests}, {tokens}"
    "component_Redis",  # a product's name
}


def read_catalog(lang: str) -> Catalog:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return read_po(fp, locale=lang)


CATALOGS = {lang: read_catalog(lang) for lang in LANGUAGES}


def literal_ids(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literal_ids(node.body) + literal_ids(node.orelse)
    return []


def asked_for() -> dict[str, bool]:
    """Message id -> whether it is a plural entry, for every literal id the sources pass to the catalogs.
    Read with ast rather than Babel's Python extractor, which joins the two ids of `text("a" if x else "b")`
    into one; files that do not import application.messages are skipped (SQLAlchemy's text() is no message)."""
    ids: dict[str, bool] = {}
    for path in sorted(p for package in SOURCES for p in (ROOT / package).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "application.messages import" not in source and path.parent != LOCALES.parent:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
                for msgid in literal_ids(node.args[0]) if node.args else []:
                    ids[msgid] = ids.get(msgid, False) or KEYWORDS[node.func.id]
    for nouns in COUNTED.values():
        ids.update(dict.fromkeys(nouns.values(), True))
    return ids


REQUIRED = asked_for()
EVERY_ID = sorted(
    set(REQUIRED) | {m.id if isinstance(m.id, str) else m.id[0] for c in CATALOGS.values() for m in c if m.id}
)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def forms(catalog: Catalog, msgid: str) -> tuple[str, ...]:
    message = catalog.get(msgid)
    if message is None:
        return ()
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def test_english_and_russian_are_shipped() -> None:
    assert set(SHIPPED) <= set(LANGUAGES)


def test_the_extractor_finds_the_ids_the_code_asks_for() -> None:
    assert {"usage_today", "history_header", "telegram_help", "n_tokens"} <= set(REQUIRED)
    assert REQUIRED["n_tokens"] and not REQUIRED["usage_today"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("msgid", EVERY_ID)
def test_every_message_is_translated_in_every_form(lang: str, msgid: str) -> None:
    catalog = CATALOGS[lang]
    message = catalog.get(msgid)
    assert message is not None, f"{msgid} is missing in {lang}"
    plural = isinstance(message.id, tuple)
    if REQUIRED.get(msgid):
        assert plural, f"{msgid} must be a plural entry in {lang}"
    expected = catalog.num_plurals if plural else 1
    filled = [form for form in forms(catalog, msgid) if form.strip()]
    assert len(filled) == expected, f"{msgid} in {lang}: {len(filled)} of {expected} forms filled"
    assert not message.fuzzy, f"{msgid} in {lang} is marked fuzzy"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("msgid", EVERY_ID)
def test_no_message_is_left_in_english(lang: str, msgid: str) -> None:
    if msgid in SAME_IN_EVERY_LANGUAGE:
        return
    english = set(forms(CATALOGS["en"], msgid))
    left = [form for form in forms(CATALOGS[lang], msgid) if form in english]
    assert not left, f"{msgid} in {lang} is still the English text: {left}"


def test_the_texts_allowed_to_stay_english_are_still_the_same_in_russian() -> None:
    for msgid in SAME_IN_EVERY_LANGUAGE:
        assert set(forms(CATALOGS["ru"], msgid)) & set(forms(CATALOGS["en"], msgid)), msgid


@pytest.mark.parametrize("msgid", EVERY_ID)
def test_every_form_has_the_fields_of_english(msgid: str) -> None:
    expected = fields(forms(CATALOGS["en"], msgid)[0]) if forms(CATALOGS["en"], msgid) else set()
    for lang, catalog in CATALOGS.items():
        for form in forms(catalog, msgid):
            assert fields(form) == expected, f"{msgid} in {lang}: {form!r}"


def test_russian_has_three_plural_forms() -> None:
    assert CATALOGS["ru"].num_plurals == 3 and CATALOGS["en"].num_plurals == 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_is_the_catalog(lang: str) -> None:
    compiled = BytesIO()
    write_mo(compiled, CATALOGS[lang])
    shipped = (LOCALES / lang / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert shipped == compiled.getvalue(), f"run `make messages` to compile {lang}"
