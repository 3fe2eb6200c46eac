"""Readers: the article format, plain reports, and bad input (issue #2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictkb.errors import InputError
from conflictkb.readers import read_bytes, read_document


def test_seed_article_structure(seed_path: Path) -> None:
    doc = read_document(seed_path)
    assert doc.title == "Moura massacre"
    assert doc.format == "article"
    assert doc.id == __import__("hashlib").sha256(seed_path.read_bytes()).hexdigest()
    assert [s.name for s in doc.sections] == [
        "Lead",
        "Background",
        "Massacre",
        "Aftermath",
        "See also",
    ]
    keys = [f.key for f in doc.infobox]
    assert keys[:3] == ["Conflict", "Place", "Partof"] and "Casualties3" in keys
    for f in doc.infobox:
        assert doc.text[f.span.start : f.span.end] == f.value
    massacre = next(s for s in doc.sections if s.name == "Massacre")
    assert doc.text[massacre.start :].startswith("== Massacre ==")
    assert "27 March" in doc.text[massacre.start : massacre.end]


def test_text_is_unchanged(seed_path: Path) -> None:
    assert read_document(seed_path).text == seed_path.read_text(encoding="utf-8")


def test_every_corpus_article_reads(corpus_files: list[Path]) -> None:
    assert len(corpus_files) > 100
    for path in corpus_files:
        doc = read_document(path)
        assert doc.title and doc.sections, path
        for f in doc.infobox:
            assert doc.text[f.span.start : f.span.end] == f.value


def test_plain_report_is_whole_text() -> None:
    data = b"Gunmen kill 12 in northern Burkina Faso\n\nAt least 12 people were killed on Sunday."
    doc = read_bytes(data, "news.txt")
    assert doc.format == "report"
    assert doc.title == "Gunmen kill 12 in northern Burkina Faso"
    assert doc.sections[0].start == 0 and doc.sections[0].end == len(doc.text)
    assert doc.infobox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        (b"= Title =\n\nInfobox\n- Date: 2022\n- Date: 2023\n\nBody", "repeats the key"),
        (b"= Title =\n\nInfobox\n- Date: \n- Place: :\n\nBody", "no values"),
        (b"= Title =\n\nInfobox\nno fields here\n", "no '- Key: value'"),
        ("Caf\u00e9 r\u00e9sum\u00e9".encode()[:-1], "truncated"),
    ],
)
def test_bad_input_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_bytes(data, "bad.txt")
    assert message in str(err.value)
    assert str(err.value).startswith("bad.txt: ")
    assert "\n" not in str(err.value)


def test_cp1252_fallback_warns() -> None:
    data = "= Attaque à Moura =\n\nLes soldats sont arrivés le 27 mars.".encode("cp1252")
    doc = read_bytes(data, "fr.txt")
    assert doc.encoding == "cp1252" and doc.warnings
    assert doc.title == "Attaque à Moura"


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="over the 1,024-byte limit"):
        read_document(big, max_bytes=1024)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_reader_never_crashes_on_arbitrary_text(text: str) -> None:
    """Nothing but our own InputError may come out of the reader."""
    for candidate in (text, "= T =\n\nInfobox\n" + text, "= T =\n" + text):
        try:
            doc = read_bytes(candidate.encode("utf-8"), "fuzz.txt")
        except InputError:
            continue
        for f in doc.infobox:
            assert doc.text[f.span.start : f.span.end] == f.value
