"""The key that signs staff session cookies and CSRF tokens.

$FRONTDESK_SECRET_KEY if set; otherwise a random key made on first start and
kept in var/frontdesk-secret, readable by its owner only. Never a constant.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Optional

from clinic.private_files import private_dir
from clinic.settings import VAR, env

SECRET_FILE = VAR / "frontdesk-secret"
MIN_LENGTH = 32


def load_secret_key(path: Optional[Path] = None) -> str:
    from_env = (env("FRONTDESK_SECRET_KEY") or "").strip()
    if from_env:
        if len(from_env) < MIN_LENGTH:
            raise RuntimeError(f"FRONTDESK_SECRET_KEY must be at least {MIN_LENGTH} characters")
        return from_env
    path = Path(path or SECRET_FILE)
    if not path.exists():
        _create(path)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    key = path.read_text().strip()
    if len(key) < MIN_LENGTH:
        raise RuntimeError(f"{path} holds no usable key: delete it to make a new one")
    return key


def _create(path: Path) -> None:
    """Writes a new key to a private temporary file and links it into place, so
    two servers starting at once agree on one key and none reads a half-written file."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        tmp.unlink(missing_ok=True)
