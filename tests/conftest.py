"""Shared fixtures: paths to the bundled samples and to ../shared (real data, read-only)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "conflictkb" / "data" / "samples"
SEED = SAMPLES / "moura_massacre.txt"
REPORTS = ROOT / "tests" / "fixtures" / "reports"  # real and written-for-test reports (NOTICE.md)
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "wikipedia"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the repo ({CORPUS})")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.glob("*.txt"))
