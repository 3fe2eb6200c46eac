"""The entity recogniser on the sentences that need it only (issue 17), on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb.extract import narrative
from conflictkb.extract.lexicon import lexicon_for
from conflictkb.extract.narrative import NarrativeStep
from conflictkb.extract.narrative.select import needing_entities, registry_enough
from conflictkb.readers import read_document

EN = lexicon_for("en")


@pytest.fixture(scope="module")
def step() -> NarrativeStep:
    return NarrativeStep()


def _choose(text: str, role: str) -> list[bool]:
    bounds, at = [], 0
    for sentence in text.split("|"):
        bounds.append((at, at + len(sentence.strip())))
        at += len(sentence) + 1
    return needing_entities(text.replace("|", " "), bounds, role, EN)


def test_what_each_section_needs() -> None:
    """The seed's own sentences: a dated one always; in context, nothing else; in the body and
    the lead a figure with a casualty word, and an attribution only where it is carried on."""
    context = (
        "The town of Moura in particular has been likened to having been under the "
        '"quasi-control" of jihadists.|In 2022 Muhammed Kufa, AQIM\'s second-in-command '
        "leader, was spotted in the city."
    )
    assert _choose(context, "context") == [False, True]
    body = (
        "The operation began on 27 March when government forces entered the town of Moura.|"
        "Malian forces fired back, killing several people.|"
        "Several civilians saw the scene unfold and tried to flee.|"
        "Human Rights Watch said the soldiers were foreign.|"
        "Witnesses described the market."
    )
    assert _choose(body, "body") == [True, True, False, False, False]
    carried = "Human Rights Watch said the soldiers were foreign.|It said 300 died."
    assert _choose(carried, "body") == [True, True]
    assert _choose(body, "lead") == _choose(body, "body")  # the lead's deeds read the registry's


def test_the_registry_is_enough_without_names_or_words_of_time() -> None:
    """A claim's sentence whose every capitalised word is a registry entity (or a common first
    word), with no word near which the model finds dates, money or ordinals, is not read."""
    note = "12 civilians were killed and 3 others wounded, local sources said."
    assert registry_enough(note, 0, len(note), [], EN)
    assert needing_entities(note, [(0, len(note))], "body", EN, []) == [False]
    assert needing_entities(note, [(0, len(note))], "body", EN) == [True]  # no registry given
    for sentence in (
        "Twelve soldiers were killed in the third attack.",  # an ordinal
        "A man aged 30 was killed.",  # "aged 30": a DATE
        "Gunmen killed 5 people the next day.",
        "Fighters seized $5,000 and killed 2 guards.",
        "Malian soldiers killed 5 people.",  # "Malian": a NORP, no registry name
        "The attack killed 2419 people.",
    ):  # a bare year-like figure: a DATE
        assert not registry_enough(sentence, 0, len(sentence), [], EN), sentence
    hrw = "Human Rights Watch said 300 civilians died."
    assert not registry_enough(hrw, 0, len(hrw), [], EN)
    assert registry_enough(hrw, 0, len(hrw), [(0, 18)], EN)  # the registry names HRW
    dated = "On 3 March 2022, 12 civilians were killed, local sources said."
    assert needing_entities(dated, [(0, len(dated))], "body", EN, [])  # a date: always read
    fr = lexicon_for("fr")
    phrase = "Douze civils ont été tués, selon des sources locales."
    assert registry_enough(phrase, 0, len(phrase), [], fr)
    phrase = "Les soldats maliens et Wagner ont tué 5 civils."
    assert not registry_enough(phrase, 0, len(phrase), [], fr)


def test_chosen_sentences_get_the_entities_of_a_whole_parse(
    step: NarrativeStep, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sentences the recogniser read have the entities a parse of the whole paragraph gives;
    the others keep the registry's (the rulers'), and no statistical label."""
    doc = read_document(seed_path)
    items = step._items(doc)
    chosen = list(step._parse(step.nlp, items))
    monkeypatch.setattr(narrative, "SELECT_ENTITIES", False)
    full = list(step._parse(step.nlp, items))
    read = skipped = 0
    for (role, _, a), (_, _, b) in zip(chosen, full, strict=True):
        text = a.text
        bounds = [(s.start_char, s.end_char) for s in a.sents]
        named = [(e.start_char, e.end_char) for e in a.ents if e.ent_id_]  # the registry's
        wanted_each = needing_entities(text, bounds, role, EN, named)
        for sa, sb, wanted in zip(a.sents, b.sents, wanted_each, strict=True):
            got = [(e.start_char, e.end_char, e.label_) for e in sa.ents]
            whole = [(e.start_char, e.end_char, e.label_) for e in sb.ents]
            if wanted:
                read += 1
                assert got == whole, sa.text
            else:
                skipped += 1
                assert all(e.ent_id_ for e in sa.ents), sa.text  # the registry's only
                assert set(got) <= set(whole)
    assert read > 10 and skipped > 3  # the seed has both kinds
