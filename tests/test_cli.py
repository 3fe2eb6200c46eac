"""The command line as a user runs it (issue #2): exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "conflictkb" / "data" / "samples"
SEED = SAMPLES / "moura_massacre.txt"
SCHEMA = json.loads((ROOT / "src/conflictkb/data/schema/event.schema.json").read_text())


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("CONFLICTKB_DB", None) if env is None else None
    return subprocess.run(
        [sys.executable, "-m", "conflictkb", *args],
        capture_output=True, text=True, env=full_env, timeout=300,
    )  # fmt: skip


def test_extract_one_file_prints_valid_json() -> None:
    out = run("extract", str(SEED), "--json")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    jsonschema.validate(record, SCHEMA)
    assert record["title"] == "Moura massacre" and record["place"]["country_code"] == "ML"
    text = SEED.read_text(encoding="utf-8")
    for c in record["claims"]:
        assert text[c["span"][0] : c["span"][1]] == c["text"]


def test_extract_many_prints_jsonl_with_error_objects(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    other = SAMPLES / "syria__battle_of_raqqa_2017.txt"
    out = run("extract", str(SEED), str(bad), str(other), "--json")
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert out.returncode == 1
    assert [r.get("title") for r in lines] == ["Moura massacre", None, "Battle of Raqqa (2017)"]
    assert "empty" in lines[1]["error"]["message"] and lines[1]["error"]["path"] == str(bad)
    for r in (lines[0], lines[2]):
        jsonschema.validate(r, SCHEMA)


def test_ingest_events_show(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    out = run("--db", db, "ingest", str(SAMPLES))
    assert out.returncode == 0, out.stderr
    assert re.search(r"ingested \d+, already present 0, failed 0", out.stdout)
    again = run("--db", db, "ingest", str(SAMPLES))
    assert "ingested 0" in again.stdout
    events = run("--db", db, "events")
    assert "Moura massacre" in events.stdout and "ML" in events.stdout
    show = run("--db", db, "show", "moura-massacre")
    assert show.returncode == 0
    for needle in ("Human Rights Watch", "low 505 · best 505 · high 705", "Wagner Group"):
        assert needle in show.stdout


def test_db_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite"
    out = run("ingest", str(SEED), env={"CONFLICTKB_DB": str(db)})
    assert out.returncode == 0 and db.exists()


def test_bad_file_one_line_error_and_nothing_stored(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    bad = tmp_path / "binary.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    out = run("--db", db, "ingest", str(bad), str(SEED))
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"Error: {bad}: file looks binary (NUL bytes); give a text document"
    ]
    assert "Moura" not in run("--db", db, "events").stdout
    skipped = run("--db", db, "ingest", "--skip-errors", str(bad), str(SEED))
    assert skipped.returncode == 0 and "failed 1" in skipped.stdout
    assert "Moura massacre" in run("--db", db, "events").stdout


def test_export_jsonl(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    run("--db", db, "ingest", str(SAMPLES))
    out = run("--db", db, "export", "--format", "jsonl")
    records = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(records) == len(list(SAMPLES.glob("*.txt")))
    for r in records:
        jsonschema.validate(r, SCHEMA)
    bad = run("--db", db, "export", "--format", "xlsx")
    assert bad.returncode == 1 and "unknown export format" in bad.stderr


def test_unknown_event_is_a_clear_error(tmp_path: Path) -> None:
    out = run("--db", str(tmp_path / "kb.sqlite"), "show", "atlantis")
    assert out.returncode == 1 and "no event 'atlantis'" in out.stderr


def test_every_command_is_documented() -> None:
    """Tests keep docs honest: each CLI command appears in the README."""
    from conflictkb.cli import app

    readme = (ROOT / "README.md").read_text()
    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert names
    for name in names:
        assert f"conflictkb {name}" in readme, f"README does not document `conflictkb {name}`"


@pytest.mark.parametrize(
    "setting",
    [
        "CONFLICTKB_DB",
        "CONFLICTKB_MAX_BYTES",
        "CONFLICTKB_MAX_PAGES",
        "CONFLICTKB_READ_TOKEN_REQUIRED",
        "CONFLICTKB_SECRET_KEY",
    ],
)
def test_settings_documented(setting: str) -> None:
    assert setting in (ROOT / "README.md").read_text()


def test_review_rejects_a_claim(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    run("--db", db, "ingest", str(SEED))
    from conflictkb import Store

    claim = next(
        c for c in Store(db).get_record("moura-massacre")["claims"] if c["claimant"] == "UN"
    )
    out = run("--db", db, "review", claim["id"], "--status", "rejected")
    assert out.returncode == 0, out.stderr
    assert "high 505" in out.stdout.replace("\n", " ")
    bad = run("--db", db, "review", claim["id"], "--status", "edited")
    assert bad.returncode == 1 and "needs --min" in bad.stderr


def test_usage_errors_are_one_message_not_a_traceback() -> None:
    out = run("events", "--bogus")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "No such option: --bogus" in out.stderr


def test_reference_load_takes_several_files(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    rows = '{"id": 1, "year": 2022, "country": "Mali", "date_start": "2022-03-27", "best": 5}\n'
    files = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for f in files:
        f.write_text(rows)
    out = run("--db", db, "reference", "load", *map(str, files))
    assert out.returncode == 0, out.stderr
    assert "as 'a'" in out.stdout and "as 'b'" in out.stdout
    out = run("--db", db, "reference", "load", *map(str, files), "--name", "x")
    assert out.returncode == 2 and "--name names one set" in out.stderr


def test_progress_bars_on_a_terminal_only(tmp_path: Path) -> None:
    """Ingest and export show documents, bytes and rate on a terminal (rich), nothing when
    standard error is not one."""
    import shlex
    import shutil

    db = str(tmp_path / "kb.sqlite")
    quiet = run("--db", db, "ingest", "--infobox-only", str(SAMPLES))
    assert quiet.returncode == 0
    assert [ln for ln in quiet.stderr.splitlines() if not ln.startswith("skipped ")] == []
    exported = run("--db", db, "export", "--output", str(tmp_path / "out.jsonl"))
    assert exported.stderr.strip() == "exported 11 events as jsonl"
    if shutil.which("script") is None:
        pytest.skip("util-linux `script` (a pseudo-terminal) is not installed")
    cmd = shlex.join([sys.executable, "-m", "conflictkb", "--db", str(tmp_path / "tty.sqlite"),
                      "ingest", "--infobox-only", str(SAMPLES)])  # fmt: skip
    tty = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True,
                         timeout=300, env={**os.environ, "COLUMNS": "160", "TERM": "xterm"})  # fmt: skip
    assert tty.returncode == 0, tty.stdout
    assert re.search(r"\d+ docs \(\d+\.\d/s\)", tty.stdout), tty.stdout[-500:]
    assert "ingested 11" in tty.stdout
    export = shlex.join([sys.executable, "-m", "conflictkb", "--db", str(tmp_path / "tty.sqlite"),
                         "export", "--output", str(tmp_path / "tty.jsonl")])  # fmt: skip
    shown = subprocess.run(["script", "-qec", export, "/dev/null"], capture_output=True, text=True,
                           timeout=300, env={**os.environ, "COLUMNS": "160", "TERM": "xterm"})  # fmt: skip
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.stdout)
    assert re.search(r"11/11 events \(\d+/s\)", plain), plain[-500:]  # the export's bar


def test_the_command_line_runs_on_one_thread() -> None:
    """Importing the CLI and the ingest path starts no thread and loads no pyarrow (its
    jemalloc thread made every allocation take a lock: a one-process ingest of the corpus ran
    in 19.2 s with it, 17.7 s without)."""
    code = ("import os, sys, conflictkb.cli, conflictkb.ingest, conflictkb.parallel, "
            "conflictkb.export; print(len(os.listdir('/proc/self/task')), 'pyarrow' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "False"]
