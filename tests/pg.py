"""A throwaway PostgreSQL server for tests: initdb in a temp dir, started on loopback.

Uses Debian's postgresql binaries (installed by scripts/system-deps.sh). As root, the server
runs as the ``postgres`` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["pg_bin", "temporary_postgres"]


def pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh database; stop and remove the server afterwards."""
    bindir = pg_bin()
    assert bindir is not None
    root = tempfile.mkdtemp(prefix="ckb-pg-")
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()

    def run(*cmd: str) -> None:
        subprocess.run(_as_owner(list(cmd)), check=True, capture_output=True, timeout=120)

    try:
        run(f"{bindir}/initdb", "-D", data, "-U", "ckb", "--auth=trust", "-E", "UTF8")
        run(f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(root, "log"), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start")  # fmt: skip
        for _ in range(50):
            ok = subprocess.run([f"{bindir}/pg_isready", "-h", "127.0.0.1", "-p", str(port)],
                                capture_output=True)  # fmt: skip
            if ok.returncode == 0:
                break
            time.sleep(0.2)
        yield f"postgresql+psycopg://ckb@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
