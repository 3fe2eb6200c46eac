"""The entity recogniser on the sentences that need it only (issue 17), on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb.extract import narrative
from conflictkb.extract.lexicon import lexicon_for
from conflictkb.extract.narrative import NarrativeStep
from conflictkb.extract.narrative.select import needing_entities
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
        for sa, sb, wanted in zip(a.sents, b.sents, needing_entities(text, bounds, role, EN),
                                  strict=True):  # fmt: skip
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
