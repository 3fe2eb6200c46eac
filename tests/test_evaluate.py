"""`conflictkb evaluate`: the ingest pipeline on articles with their infobox hidden (#3)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_evaluate_scores_text_only_extraction(corpus_dir: Path, tmp_path: Path) -> None:
    names = ["syria__battle_of_markada.txt", "ukraine__articles__battle_of_huliaipole.txt",
             "ukraine__articles__siege_of_mariupol.txt"]  # fmt: skip
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in names:
        (folder / n).write_bytes((corpus_dir / n).read_bytes())
    out = tmp_path / "eval.json"
    done = subprocess.run([sys.executable, "-m", "conflictkb", "evaluate", str(folder),
                           "--json-out", str(out)], capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert report["documents"] == 3
    country = report["fields"]["country"]
    # Markada's lead names Iraq more than Syria, Huliaipole's Russia as often as Ukraine: the
    # regions they name (Al-Hasakah Governorate, Zaporizhzhia Oblast) decide.
    assert country["truth"] == 3 and country["tp"] == 3
    cas = report["fields"]["casualties"]
    assert cas["truth"] == 7 and cas["tp"] >= 5  # Markada's 120 ("had risen to 120") among them
    who = report["fields"]["claimant"]
    assert who["tp"] >= 3  # Mariupol: Russia, Ukraine, United Nations agree with the infobox
    assert [r["path"].rsplit("/", 1)[-1] for r in report["per_document"]] == sorted(names)
