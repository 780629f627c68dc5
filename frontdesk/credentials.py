"""Staff passwords and API tokens: only hashes are ever stored.

Passwords: Werkzeug's scrypt (salted, memory-hard). API tokens and staff
session ids: 256 random bits, stored as their SHA-256 (tokens compared in
constant time; a session is found by its hash).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")

# Checked when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_new_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise ValueError(
            "username: 1-64 characters, letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def hash_password(password: str) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValueError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str | None, password: str) -> bool:
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        password = ""
    if password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(password_hash, password)


def new_token() -> str:
    return "fd_" + secrets.token_urlsafe(32)


def new_session_id() -> str:
    """A staff session's id: 256 random bits (the cookie holds it, the database its hash)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))
