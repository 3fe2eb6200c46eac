"""Actors: combatant lists read as parties (supporters apart), acronyms matched as written."""

from __future__ import annotations

from pathlib import Path

from conflictkb.assemble import Pipeline
from conflictkb.assemble.pipeline import infobox_step
from conflictkb.extract.narrative import load_nlp
from conflictkb.extract.registry import load_registry
from conflictkb.readers import read_document
from conflictkb.resolve.actors import ActorStep

REGISTRY = load_registry()


def _actors(path: Path) -> list[tuple[int | None, str, str]]:
    event = Pipeline([infobox_step, ActorStep(REGISTRY)]).run(read_document(path))
    return [(a.side, a.role, a.name) for a in event.actors if a.role != "commander"]


def test_supported_by_makes_supporters(corpus_dir: Path) -> None:
    # "Combatant1: Free Syrian Army Supported by: CJTF-OIR, Turkey"
    actors = _actors(corpus_dir / "syria__battle_of_al-rai_august_2016.txt")
    assert (1, "combatant", "Free Syrian Army") in actors
    assert (1, "supporter", "Turkey") in actors
    assert (1, "supporter", "Combined Joint Task Force – Operation Inherent Resolve") in actors
    assert not any("Supported" in name for _, _, name in actors)


def test_time_notes_are_no_parties(corpus_dir: Path) -> None:
    # "Combatant2: Tahrir al-Sham, Free Syrian Army, (until 7 May), Fajr al-Ummah, ..."
    names = {name for _, _, name in _actors(corpus_dir / "syria__qaboun_offensive_2017.txt")}
    assert {"Hay'at Tahrir al-Sham", "Free Syrian Army", "Ahrar al-Sham"} <= names
    assert not any(name.startswith("(") for name in names)


def test_short_acronyms_match_only_as_written() -> None:
    assert REGISTRY.match("IS") is not None and REGISTRY.match("is") is None
    assert REGISTRY.match("WHO") is not None and REGISTRY.match("who") is None
    assert [e.canonical for e in REGISTRY.find_in("fighters who joined IS")] == ["Islamic State"]
    nlp = load_nlp(REGISTRY)
    doc = nlp("Although this number is likely higher, IS fighters attacked the UN base.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.ent_id_] == [
        ("IS", "Islamic State"),
        ("the UN", "United Nations"),
    ]
