"""A cache of each transcript's loaded, verified and tagged ``Interview`` (issue 16).

Why: reading, normalising, verifying quotes against and tagging 500 transcripts costs most
of the generation; under ``mkdocs serve`` a save changes one of them. An entry is reused
only when everything ``load_interview`` reads is the same:

- the transcript's bytes, its path and the name messages give it (``display_path``);
- the pipeline: every file of the installed ``kb`` package (its code, the theme lexicon,
  the model's weights, the schemas), hashed together (``pipeline_fingerprint``), plus the
  Python version. Editing any of them changes every key, so an entry is never stale.

``load_interview`` reads nothing else (data/themes.yml and the other data files are read by
``load_corpus`` on every build, after the cache), so they are not in the key.

Where: ``.cache/kb/transcripts/`` in the project (ignored by git), one file per transcript, replaced
when the transcript changes; entries of another pipeline are removed when a build finds
none of its own. ``KB_CACHE=off`` (or ``0``) turns it off: ``kb bench`` times cold builds so, then warm ones.

Format: pickle of our own frozen dataclasses, because it gives back exactly the objects
(tuples stay tuples, floats bit for bit, ``Path``) at a fraction of a JSON round trip's cost
and code. Pickle runs code when loaded, so an entry is loaded only if its HMAC-SHA256,
keyed by a secret kept outside the project (``~/.cache/kb/cache-secret``, made on first
use, readable only by its owner), matches: a ``.cache/`` folder slipped into a pull request
(``git add -f``) or copied from elsewhere is ignored, never unpickled. Without a writable
home folder there is no secret and no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import Problem
from .models import Interview
from .source_files import display_path

CACHE_DIR = Path(".cache") / "kb" / "transcripts"  # pages/ beside it: kb.preview
FORMAT = 1  # bump when the entry layout below changes
_DIGEST = hashlib.sha256().digest_size


@dataclass(frozen=True)
class Entry:
    """What ``load_interview`` returned for one transcript, and what it reported."""

    interview: Interview
    notices: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()


def enabled() -> bool:
    return os.environ.get("KB_CACHE", "on").strip().lower() not in ("0", "off", "no", "false")


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """The hash of every file of the ``kb`` package and of the Python version."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {pickle.HIGHEST_PROTOCOL}".encode())
    package = Path(str(resources.files("kb")))
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _secret() -> bytes | None:
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kb"
    path = home / "cache-secret"
    try:
        if not path.is_file():
            home.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError:  # FileExistsError (a parallel build made it) is an OSError: read it again
        try:
            key = path.read_bytes()
        except OSError:
            return None
    return key if len(key) >= 32 else None


@dataclass
class TranscriptCache:
    """The entries of one project folder for the running pipeline."""

    root: Path
    hits: int = 0
    misses: int = 0
    _used: set[str] = field(default_factory=set)

    @property
    def folder(self) -> Path:
        return self.root / CACHE_DIR / pipeline_fingerprint()[:20]

    def key(self, path: Path, data: bytes) -> str:
        digest = hashlib.sha256(pipeline_fingerprint().encode())
        for part in (str(path).encode(), display_path(path).encode(), data):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def _slot(self, path: Path) -> Path:
        # One file per transcript: a new version of it replaces the old entry.
        return self.folder / (hashlib.sha256(str(path).encode()).hexdigest()[:32] + ".pickle")

    def get(self, path: Path, data: bytes) -> Entry | None:
        secret = _secret()
        slot = self._slot(path)
        self._used.add(slot.name)
        if secret is None:
            return None
        try:
            blob = slot.read_bytes()
        except OSError:
            self.misses += 1
            return None
        key = self.key(path, data).encode()
        mac, payload = blob[:_DIGEST], blob[_DIGEST:]
        if not hmac.compare_digest(mac, hmac.new(secret, key + payload, hashlib.sha256).digest()):
            self.misses += 1  # another version of the transcript, or not written by us
            return None
        try:
            entry = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a failed build
            entry = None
        if not isinstance(entry, Entry):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, path: Path, data: bytes, entry: Entry) -> None:
        secret = _secret()
        if secret is None:
            return
        payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        mac = hmac.new(secret, self.key(path, data).encode() + payload, hashlib.sha256).digest()
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                # As pytest's and ruff's caches do: ignored by git even where .gitignore is not ours.
                (self.root / CACHE_DIR.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(mac + payload)
            os.replace(temp, self._slot(path))
        except OSError:
            return  # a read-only checkout builds without a cache

    def prune(self) -> None:
        """Remove entries of transcripts that are gone, and other pipelines' folders."""
        base = self.root / CACHE_DIR
        try:
            for other in base.iterdir():
                if other.is_dir() and other.name != self.folder.name:
                    shutil.rmtree(other, ignore_errors=True)
            if self.folder.is_dir():
                for entry in self.folder.iterdir():
                    if entry.name not in self._used:
                        entry.unlink(missing_ok=True)
        except OSError:
            return


def open_cache(root: Path) -> TranscriptCache | None:
    """The cache for ``root``, or None when it is turned off (``KB_CACHE=off``)."""
    return TranscriptCache(root) if enabled() else None
