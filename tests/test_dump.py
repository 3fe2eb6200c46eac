"""Streaming MediaWiki dumps: selection, bad input, and an ingest killed midway (issue #7)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conflictkb.errors import InputError
from conflictkb.readers.dump import iter_dump_pages

ROOT = Path(__file__).resolve().parent.parent
WIKI = ROOT.parent / "shared" / "data" / "wikitext"


def make_dump(path: Path, filler: int = 300, repeat: int = 1) -> None:
    if not WIKI.is_dir():
        pytest.skip("../shared/data/wikitext is not beside the repo")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_test_dump.py"), str(path),
                    "--filler", str(filler), "--repeat", str(repeat)], check=True, capture_output=True)  # fmt: skip


def test_selects_event_pages(tmp_path: Path) -> None:
    dump = tmp_path / "d.xml.bz2"
    make_dump(dump)
    titles = [p.title for p in iter_dump_pages(dump)]
    assert "November 2015 Paris attacks" in titles and "7 July 2005 London bombings" in titles
    assert not any(t.startswith("Filler") for t in titles)
    assert len(titles) >= 6


def test_xml_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                    "<mediawiki><page><title>&lol2;</title></page></mediawiki>")  # fmt: skip
    with pytest.raises(InputError, match="XML bomb"):
        list(iter_dump_pages(bomb))


def test_truncated_bz2_keeps_what_came_before(tmp_path: Path) -> None:
    dump = tmp_path / "d.xml.bz2"
    make_dump(dump, filler=50)
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(dump.read_bytes()[: int(dump.stat().st_size * 0.6)])
    seen = []
    with pytest.raises(InputError, match="truncated|breaks off"):
        for p in iter_dump_pages(cut):
            seen.append(p.title)
    assert seen  # the pages before the cut were read


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it


def _count(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        distinct = con.execute("SELECT count(DISTINCT path) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the ingest has not created its tables yet
        return 0, 0
    finally:
        con.close()
    return docs, distinct


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_ingest_resumes_without_duplicates(tmp_path: Path, workers: str) -> None:
    dump = tmp_path / "d.xml.bz2"
    make_dump(dump, filler=3000, repeat=8)
    expected = len(list(iter_dump_pages(dump)))
    db = tmp_path / "kb.sqlite"
    cmd = [
        sys.executable,
        "-m",
        "conflictkb",
        "--db",
        str(db),
        "ingest",
        "--infobox-only",
        "--workers",
        workers,
        str(dump),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.3)
        if db.exists() and _count(db)[0] >= 5:
            break
    children = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # a crash: the workers get no signal
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(c) for c in children):
        time.sleep(0.2)
    assert not [c for c in children if _alive(c)], "orphaned workers"
    partial = _count(db)[0]
    assert 0 < partial < expected
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    docs, distinct = _count(db)
    assert docs == distinct == expected  # no duplicate, no missing page


def test_multistream_dump_reads_like_a_single_stream(tmp_path: Path) -> None:
    single, multi = tmp_path / "one.xml.bz2", tmp_path / "multi.xml.bz2"
    make_dump(single, filler=250)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_test_dump.py"), str(multi),
                    "--filler", "250", "--multistream"], check=True, capture_output=True)  # fmt: skip
    pages = list(iter_dump_pages(multi))
    assert [(p.page_id, p.title, p.text) for p in pages] == [
        (p.page_id, p.title, p.text) for p in iter_dump_pages(single)
    ]
    positions = [p.input_pos for p in pages]
    assert positions == sorted(positions) and positions[-1] <= multi.stat().st_size


def test_corrupt_bz2_is_a_clear_error(tmp_path: Path) -> None:
    dump = tmp_path / "d.xml.bz2"
    make_dump(dump, filler=400)
    data = bytearray(dump.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # a run of zeros inside the compressed stream
    bad = tmp_path / "bad.xml.bz2"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputError, match="corrupt|breaks off"):
        list(iter_dump_pages(bad))


def test_not_a_dump_and_empty_dump(tmp_path: Path) -> None:
    html = tmp_path / "page.xml"
    html.write_text("<html><body>no</body></html>")
    with pytest.raises(InputError, match="not a MediaWiki XML dump"):
        list(iter_dump_pages(html))
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        list(iter_dump_pages(empty))


def test_checkpoint_belongs_to_the_store(tmp_path: Path) -> None:
    from conflictkb.assemble import infobox_pipeline
    from conflictkb.ingest import ingest_paths
    from conflictkb.sources import dump_key
    from conflictkb.store import Store

    dump = tmp_path / "d.xml.bz2"
    make_dump(dump, filler=100)
    pages = list(iter_dump_pages(dump))
    first = Store(str(tmp_path / "a.sqlite"))
    report = ingest_paths(first, [dump], pipeline=infobox_pipeline())
    assert len(report.ingested) == len(pages)
    assert first.checkpoint(dump_key(dump)) == pages[-1].page_id
    again = ingest_paths(first, [dump], pipeline=infobox_pipeline())
    assert again.total == 0  # resumed after the last page: nothing left to read
    other = Store(str(tmp_path / "b.sqlite"))  # another store starts from the beginning
    assert len(ingest_paths(other, [dump], pipeline=infobox_pipeline()).ingested) == len(pages)


def test_malformed_page_is_skipped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dump = tmp_path / "d.xml"
    make_dump(dump, filler=20)
    good = list(iter_dump_pages(dump))
    xml = dump.read_text("utf-8")
    first = good[0].title.replace("&", "&amp;")
    at = xml.index(f"<title>{first}</title>")
    broken = tmp_path / "broken.xml"
    broken.write_text(xml[:at] + "<title>&undefined;</title><x>" + xml[at:], "utf-8")
    with caplog.at_level("WARNING"):
        titles = [p.title for p in iter_dump_pages(broken)]
    assert titles == [p.title for p in good[1:]]
    assert "skipped a malformed page" in caplog.text
    cut = tmp_path / "cut.xml"
    cut.write_text(xml[: xml.index("<page>", len(xml) // 2) + 200], "utf-8")
    with pytest.raises(InputError, match="breaks off"):
        list(iter_dump_pages(cut))
