"""Reading a contributor's file from disk: the size limit, the bytes, the UTF-8 text.

Transcripts, the editors' data files, `kb new --raw` and `kb suggest` all read through
here, so a file that is too big, unreadable or not text gets the same message everywhere.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem

# A transcript of a two-hour talk is ~150 KB; 2 MB leaves room for long captions while
# stopping accidental uploads (videos, archives) before they reach the parser.
MAX_FILE_BYTES = 2 * 1024 * 1024


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (for messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def size_problem(size: int, name: str) -> Problem | None:
    """The one check of the size limit, and its one message; None when ``size`` is fine."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (MAX_FILE_BYTES)",
                   hint="is this really a text transcript? Split a very long one into parts")


def read_bytes(path: Path, name: str | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path``, or None and the problem (too big, unreadable).

    The size is checked before reading: a stray video is never loaded into memory."""
    name = name or display_path(path)
    try:
        too_big = size_problem(path.stat().st_size, name)
        if too_big:
            return None, [too_big]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(name, f"cannot read file: {exc.strerror or exc}")]


def decode_text(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of ``data`` without a leading BOM, or a problem saying where it is not text."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return None, [Problem(name, f"file looks binary (NUL byte at offset {offset})",
                              line=data[:offset].count(b"\n") + 1,
                              hint="transcripts must be UTF-8 text; convert captions or documents to text first")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                                    f"{exc.start}", line=line,
                              hint="re-save the file as UTF-8 (most editors: Save with encoding > UTF-8)")]
    return text.removeprefix("\ufeff"), []
