"""Shared pytest fixtures. Each fixture below is self-contained; add yours in its own block."""

from __future__ import annotations

# --- project_copy: a throwaway copy of the project to break on purpose (contributor workflow) ---
import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent
# Content a test may change is copied; code and theme files are linked (read-only use).
_COPIED = ("transcripts", "data", "docs", "mkdocs.yml")
_NOT_LINKED = {"site", "build", "out", "tests", "test-artifacts"}


@dataclass(frozen=True)
class RunResult:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class ProjectCopy:
    """A temporary copy of the repository: transcripts/, data/, docs/ and mkdocs.yml."""

    root: Path

    def write(self, relative: str, data: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
        return path

    def kb(self, *args: str) -> RunResult:
        """Run ``kb ARGS`` in this process (fast), from the copy's root, capturing its output.

        An exception escaping the CLI is turned into exit code 99 with its traceback in
        stderr, so tests asserting "no Traceback" fail on it instead of erroring.
        """
        from kb.cli import main

        out, err = io.StringIO(), io.StringIO()
        old_cwd = Path.cwd()
        os.chdir(self.root)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(["--root", str(self.root), *args])
                except SystemExit as exc:  # argparse usage errors
                    code = exc.code if isinstance(exc.code, int) else 1
                except Exception:  # noqa: BLE001 - reported as the failure it is
                    traceback.print_exc()
                    code = 99
        finally:
            os.chdir(old_cwd)
        return RunResult(code, out.getvalue(), err.getvalue())

    def run(self, *command: str, timeout: float = 300) -> RunResult:
        """Run a real command (``kb``, ``mkdocs``...) in a subprocess from the copy's root."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.run(list(command), check=False, cwd=self.root, env=env, capture_output=True, text=True,
                              timeout=timeout)
        return RunResult(proc.returncode, proc.stdout, proc.stderr)

    def mkdocs_build(self, site_dir: Path, *, strict: bool = True) -> RunResult:
        args = [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)]
        return self.run(*args, *(["--strict"] if strict else []))

    def tree_digest(self, relative: str | Path) -> dict[str, str]:
        """``{relative file path: sha256}`` of everything under a folder (empty if missing)."""
        folder = self.root / relative
        if not folder.exists():
            return {}
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project_copy(tmp_path: Path) -> ProjectCopy:
    """A copy of the project in tmp_path/project that tests may change freely."""
    root = tmp_path / "project"
    root.mkdir()
    for entry in sorted(_ROOT.iterdir()):
        target = root / entry.name
        if entry.name in _COPIED:
            if entry.is_dir():
                shutil.copytree(entry, target)
            else:
                shutil.copy2(entry, target)
        elif not entry.name.startswith(".") and entry.name not in _NOT_LINKED \
                and not entry.name.endswith(".egg-info"):
            target.symlink_to(entry, target_is_directory=entry.is_dir())
    return ProjectCopy(root)
# --- end project_copy ---


# --- memoised_tagging: tag each (paragraphs, quotes, language) once per test session ---
# Theme tagging of the seed transcripts is most of a corpus load and gives the same result in
# every project copy; tests about other stages opt in to compute it once. Same output, cached.
_TAGGED: dict[object, object] = {}


@pytest.fixture
def memoised_tagging(monkeypatch: pytest.MonkeyPatch) -> None:
    from kb import tagging

    real = tagging.tag_interview

    def tag_interview(paragraphs, quotes, *, language, overrides=None):  # type: ignore[no-untyped-def]
        try:
            key = (tuple(paragraphs), tuple(quotes), language,
                   tuple(sorted((k, tuple(v)) for k, v in (overrides or {}).items())))
            hash(key)
        except TypeError:
            return real(paragraphs, quotes, language=language, overrides=overrides)
        if key not in _TAGGED:
            _TAGGED[key] = real(paragraphs, quotes, language=language, overrides=overrides)
        return list(_TAGGED[key])  # type: ignore[call-overload]

    monkeypatch.setattr(tagging, "tag_interview", tag_interview)
# --- end memoised_tagging ---
