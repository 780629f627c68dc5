"""Files and folders that may hold patient data, readable by their owner only.

Conversations (the tracker store), SMS opt-outs and pending replies, the
request store, the logs and the front desk's key all live under ``var/`` in the
embedded profile. Each is created owner-only (files 0600, folders 0700), and a
file left wider by an earlier version is narrowed when a server opens it. A
SQLite database's ``-wal``, ``-shm`` and ``-journal`` files take the database
file's mode when SQLite creates them, and are narrowed here when they exist.

Folders that already exist are left alone, except the project's own ``var/``:
a database under ``/tmp`` must not make ``/tmp`` private.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Union

from clinic.settings import VAR

FILE_MODE = 0o600
DIR_MODE = 0o700
SERVER_UMASK = 0o077
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")

PathLike = Union[str, Path]


def restrict_umask() -> int:
    """Makes every file this process creates from now on owner-only (umask
    077); returns the previous umask. Each server calls it first thing."""
    return os.umask(SERVER_UMASK)


def _narrow(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077:
        os.chmod(path, current & mode)


def private_dir(path: PathLike) -> Path:
    """``path`` as a folder: created 0700 (parents too) if missing; the
    project's ``var/`` folder, and any folder under it, narrowed to 0700."""
    folder = Path(path)
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        created.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(created, DIR_MODE)  # mkdir's mode is narrowed by the umask only
    var = VAR.resolve()
    resolved = folder.resolve()
    if resolved == var or var in resolved.parents:
        for inside in [resolved, *resolved.parents]:
            _narrow(inside, DIR_MODE)
            if inside == var:
                break
    return folder


def private_file(path: PathLike) -> Path:
    """``path`` created empty and 0600 if missing (its folder with
    ``private_dir``), or narrowed to 0600 if it exists."""
    file = Path(path)
    private_dir(file.parent)
    try:
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        _narrow(file, FILE_MODE)
    return file


def private_sqlite_file(path: PathLike) -> Path:
    """A SQLite database file and its journal files, owner-only (see above)."""
    file = private_file(path)
    for suffix in SQLITE_SIDECARS:
        sidecar = file.with_name(file.name + suffix)
        if sidecar.exists():
            _narrow(sidecar, FILE_MODE)
    return file
