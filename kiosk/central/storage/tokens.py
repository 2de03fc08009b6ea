"""Issuing and checking the central's bearer tokens (kiosks' and operators')."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def hash_token(salt: bytes, token: str) -> str:
    # Tokens are 256 random bits, so a fast salted hash is enough (nothing to brute-force) and
    # keeps authentication cheap on every request; the salt stops cross-row hash comparison.
    return hashlib.sha256(salt + token.encode("utf-8")).hexdigest()


# Compared against when the id is unknown, so that case costs as long as a wrong token.
_DUMMY_SALT = secrets.token_bytes(16)
_DUMMY_HASH = hash_token(_DUMMY_SALT, secrets.token_urlsafe(32))


def new_token(prefix: str) -> tuple[str, bytes, str]:
    """(token, salt, hash) for a new credential. The prefix keeps a token from starting with
    "-", which a shell would take for an option when a technician pastes it."""
    token = prefix + secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    return token, salt, hash_token(salt, token)


def token_matches(row: dict[str, str] | None, token: str) -> bool:
    """Constant-time check of `token` against a row with token_hash and salt (hex)."""
    if row is None:
        hmac.compare_digest(_DUMMY_HASH, hash_token(_DUMMY_SALT, token))
        return False
    return hmac.compare_digest(row["token_hash"], hash_token(bytes.fromhex(row["salt"]), token))
