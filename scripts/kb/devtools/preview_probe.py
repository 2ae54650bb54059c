"""How long a contributor waits under `mkdocs serve` between saving a transcript and seeing it.

``probe_preview(project)`` starts ``mkdocs serve --livereload`` (optionally ``--dirty``) in a
throw-away project, waits for the first build, appends a new word to the last line of text
of one transcript's body (the project is a copy: real transcripts are never edited), and
polls the interview's served page until the word is there. Polling the page as served is
what the browser gets once live reload fires (it reloads as soon as the rebuild ends); the
reload itself adds well under a second.

Figures: wall seconds from the save to the page showing the word (``seconds``), and the
CPU seconds the server spent meanwhile (``cpu_s``; on a shared machine wall time mostly
measures the neighbours). ``kb bench`` records them as ``preview_seconds`` and
``preview_dirty_seconds``. Run alone: ``python -m kb.devtools.preview_probe PROJECT [--dirty]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ..corpus import load_interview, transcript_paths
from ..errors import Problems
from ..frontmatter_loader import load_transcript

STARTUP_TIMEOUT = 1800.0  # the first build at 500 interviews takes minutes on a busy machine
REBUILD_TIMEOUT = 900.0


def free_port() -> int:
    """A local port nothing listens on now (for a `mkdocs serve` of our own)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_text(url: str, timeout: float = 5) -> str | None:
    """The page at ``url``, or None while the server is not answering (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def stop(proc: subprocess.Popen, *, timeout: float) -> None:
    """End a server: ask, then after ``timeout`` seconds insist."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout / 2)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its finished children, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(v) for v in fields[11:15]) / ticks  # utime, stime, cutime, cstime


def _edit_target(project: Path) -> tuple[Path, str]:
    """The transcript to edit (a synthetic one when there are any) and its page path."""
    paths = transcript_paths(project)
    synthetic = [p for p in paths if re.search(r"-\d{4}\.md$", p.name)]  # kb.devtools.synthetic's names
    path = (synthetic or paths)[-1]
    source, problems = load_transcript(path)
    if source is None:
        raise RuntimeError(f"{path}: {problems}")
    return path, f"interviews/{source.meta['slug']}/"


_TEXT_LINE = re.compile(r"[^\W\d_]{3}")


def edited_text(path: Path, word: str) -> str:
    """The transcript's text with `` word`` at the end of the last line of text whose words
    reach its page (not a time line, not markup, not a line the reader drops, such as a
    header transcript's "Tags" footer: each try is loaded through the pipeline, on a copy
    outside the project so that the server sees nothing before the save)."""
    original = path.read_text("utf-8")
    lines = original.split("\n")
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / path.name
        for number in range(len(lines) - 1, -1, -1):
            line = lines[number]
            if not _TEXT_LINE.search(line) or "-->" in line or line.lstrip().startswith(("#", "<", "---", "{", "[")):
                continue
            text = "\n".join([*lines[:number], line.rstrip() + f" {word}", *lines[number + 1:]])
            trial.write_text(text, "utf-8")
            interview = load_interview(trial, Problems(), [])
            if interview is not None and any(word in p.text.casefold() for p in interview.paragraphs):
                return text
    raise RuntimeError(f"{path}: no line of text whose words reach the page")


def probe_preview(project: Path, *, dirty: bool = False, log: Path | None = None) -> dict[str, Any]:
    """Serve ``project``, save one transcript, time until its page shows the edit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    transcript, page = _edit_target(project)
    word = "kbprobe" + secrets.token_hex(4)
    edited = edited_text(transcript, word)
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result: dict[str, Any] = {"dirty": dirty, "page": page}
    with tempfile.TemporaryFile() if log is None else log.open("wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            while fetch_text(base + page) is None:
                if proc.poll() is not None or time.monotonic() - started > STARTUP_TIMEOUT:
                    raise RuntimeError(f"mkdocs serve did not come up (exit {proc.poll()})")
                time.sleep(0.5)
            result["first_build_seconds"] = round(time.monotonic() - started, 2)
            time.sleep(2)  # let the watcher settle and the background search index finish
            cpu = _cpu_seconds(proc.pid)
            saved = time.monotonic()
            transcript.write_text(edited, "utf-8")
            while word not in (fetch_text(base + page) or "").casefold():
                if proc.poll() is not None or time.monotonic() - saved > REBUILD_TIMEOUT:
                    raise RuntimeError(f"the edit did not show within {REBUILD_TIMEOUT:.0f}s")
                time.sleep(0.2)
            result["seconds"] = round(time.monotonic() - saved, 2)
            result["cpu_s"] = round(_cpu_seconds(proc.pid) - cpu, 2)
        finally:
            stop(proc, timeout=20)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.devtools.preview_probe", description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path, help="a throw-away project (e.g. from kb bench --generate): it is edited")
    parser.add_argument("--dirty", action="store_true", help="serve with --dirty (re-render only changed pages)")
    parser.add_argument("--log", type=Path, default=None, help="keep the server's output here")
    args = parser.parse_args(argv)
    print(json.dumps(probe_preview(args.project.resolve(), dirty=args.dirty, log=args.log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
