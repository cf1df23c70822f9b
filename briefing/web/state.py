"""What every view needs from the app: its ``Briefing`` service (settings, archive, jobs,
queue, feeds), the request envelope, who the request is (its key, by header or session),
the secret that signs its sessions.

The bottom of the web package: it imports no other web module, so every one can use it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Literal

from flask import current_app, request, session

from briefing.config import Settings
from briefing.errors import StorageError
from briefing.service import Briefing
from briefing.store.archive import Archive

#: Room for the JSON or multipart envelope around an article of the largest accepted size,
#: so that the article's own limit (``Settings.max_input_bytes``) is the one users meet.
ENVELOPE_BYTES = 64 * 1024


def form_body_limit(settings: Settings) -> int:
    """The largest body any view reads: the form's, with room for a pasted text and each
    of its files (at most ``max_upload_files``) up to the article limit (so a file over it
    is reported by the article's own size check, with the pasted text kept in the form)."""
    return (settings.max_upload_files + 1) * settings.max_input_bytes + ENVELOPE_BYTES


def current_briefing() -> Briefing:
    """The running app's service (one per process, shared by its threads)."""
    briefing: Briefing = current_app.extensions["briefing"]
    return briefing


def current_settings() -> Settings:
    """The Settings the running app was built with."""
    return current_briefing().settings


def current_archive() -> Archive:
    """The running app's archive."""
    return current_briefing().archive


def valid_api_key() -> str | None:
    """The request's API key (``Authorization: Bearer <key>``) when it is one of
    ``BRIEFING_API_KEYS``; None when none, or another, was sent."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return matching_api_key(given)


def matching_api_key(given: str) -> str | None:
    """The configured key equal to ``given`` (a header's or a form's); None when none is."""
    keys = current_settings().api_keys
    given = given.strip()
    if not keys or not given:
        return None
    found = None
    for key in keys:  # every key compared, in constant time: no early exit to time
        if hmac.compare_digest(given.encode(), key.encode()):
            found = key
    return found


#: the session member holding a signed-in key's fingerprint (see access.py)
SESSION_KEY = "key"
Role = Literal["write", "read"]


def key_fingerprint(key: str) -> str:
    """What a session keeps of a key: its SHA-256, never the key itself."""
    return hashlib.sha256(key.encode()).hexdigest()


def role_of(fingerprint: str) -> Role | None:
    """What the key with this fingerprint may do: write (an API key), read, or nothing."""
    settings = current_settings()
    found: Role | None = None
    # every key compared, in constant time: no early exit to time
    for key in settings.read_keys:
        if hmac.compare_digest(fingerprint, key_fingerprint(key)):
            found = found or "read"
    for key in settings.api_keys:
        if hmac.compare_digest(fingerprint, key_fingerprint(key)):
            found = "write"
    return found


def session_role() -> Role | None:
    """What this browser's session may do (None: not signed in, or its key was removed)."""
    fingerprint = session.get(SESSION_KEY)
    return role_of(fingerprint) if isinstance(fingerprint, str) else None


def bearer_role() -> Role | None:
    """What the request's ``Authorization: Bearer <key>`` may do."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return None
    return role_of(key_fingerprint(given.strip()))


def may_write() -> bool:
    """Whether the pages may store and delete for this browser: no keys are set, or it
    signed in with an API key."""
    return not current_settings().api_keys or session_role() == "write"


def instance_secret(instance_path: Path) -> str:
    """The secret kept in ``instance_path/secret_key``, made on first use.

    Used when ``BRIEFING_SECRET_KEY`` is not set, so that every gunicorn worker on the
    machine (and every restart) signs sessions and CSRF tokens with the same key; a
    random key per process would refuse, at random, a form served by another worker.
    The file is written under a temporary name and linked into place, so two workers
    starting at once agree on one key.
    """
    path = instance_path / "secret_key"
    try:
        if not path.exists():
            instance_path.mkdir(parents=True, exist_ok=True)
            draft = instance_path / f".secret_key.{os.getpid()}"
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
            try:
                os.link(draft, path)
            except FileExistsError:
                pass  # another worker was first: its key is the one
            finally:
                draft.unlink()
        return path.read_text().strip()
    except OSError as error:
        raise StorageError(
            f"cannot keep the secret key in {path} ({error.strerror or error}); "
            "set BRIEFING_SECRET_KEY or BRIEFING_INSTANCE_PATH"
        ) from error
