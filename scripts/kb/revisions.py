"""The knowledge base's sources as they are at a git revision, read without a checkout.

``kb diff`` compares what readers see at two revisions. Each revision's ``transcripts/``,
``data/`` and ``docs/`` are extracted with ``git archive`` into a temporary folder and
loaded from there, so the working tree, the index and the checked-out branch are never
touched. Both revisions are read by the pipeline that is installed now (the code under
review), which is what the site would be built with after a merge.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path

from .corpus_diff import Snapshot
from .errors import KBError, Problem
from .source_files import display_path

# Everything load_corpus and complete_site_sources read, relative to the project folder.
SOURCE_FOLDERS = ("transcripts", "data", "docs")


class RevisionError(Exception):
    """A revision cannot be compared: one line for the contributor, plus any source problems."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or ())


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed (kb diff reads revisions with git)") from None


def _text(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode("utf-8", "replace").strip()


def project_prefix(root: Path) -> str:
    """The project folder's path inside its git repository ("" at the top, else "sub/")."""
    if not root.is_dir():
        raise RevisionError(f"{root} is not a folder")
    result = _git(root, "rev-parse", "--show-prefix")
    if result.returncode != 0:
        raise RevisionError(f"{root} is not inside a git repository (kb diff compares git revisions)")
    return _text(result)


def resolve_revision(root: Path, revision: str) -> str:
    """The commit id ``revision`` names (a branch, tag, sha, ``HEAD~2``…), or RevisionError."""
    if not revision or revision.startswith("-"):
        raise RevisionError(f"unknown revision {revision!r}")
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise RevisionError(f"unknown revision {revision!r} (not a branch, tag or commit of this repository;"
                            f" a branch of a remote may need `git fetch`)")
    return _text(result)


@contextmanager
def sources_at(root: Path, revision: str) -> Iterator[Path]:
    """A temporary project folder holding the sources of ``revision``; removed afterwards."""
    prefix = project_prefix(root)
    commit = resolve_revision(root, revision)
    tree = f"{commit}:{prefix}"
    # Pathspecs are relative to the current folder: run from the top, where they are relative
    # to ``tree`` (the project folder as it is in that commit).
    top = Path(_text(_git(root, "rev-parse", "--show-toplevel")))
    listed = _git(top, "ls-tree", "--name-only", tree)
    if listed.returncode != 0:
        raise RevisionError(f"revision {revision!r} has no folder {prefix.rstrip('/') or '.'}")
    present = [name for name in _text(listed).splitlines() if name in SOURCE_FOLDERS]
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as folder:
        target = Path(folder).resolve()
        if present:
            archive = _git(top, "archive", "--format=tar", tree, "--", *present)
            if archive.returncode != 0:
                raise RevisionError(f"cannot read revision {revision!r}: "
                                    f"{archive.stderr.decode('utf-8', 'replace').strip()}")
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(target, filter="data")
        yield target


def relabel(problems: list[Problem], folder: Path, revision: str) -> list[Problem]:
    """Problems found in a temporary copy, naming files as ``REVISION:transcripts/x.md``."""
    # Absolute, or relative to the current folder when the temporary folder sits under it.
    prefixes = {str(folder) + "/", display_path(folder) + "/"}

    def fix(value: object) -> object:
        if not isinstance(value, str):
            return value
        for prefix in prefixes:
            value = value.replace(prefix, f"{revision}:")
        return value

    return [replace(p, **{f.name: fix(getattr(p, f.name)) for f in fields(p)}) for p in problems]


def load_error(revision: str, error: KBError, folder: Path | None = None) -> RevisionError:
    """The RevisionError for sources that do not load, carrying their problems."""
    problems = relabel(error.problems, folder, revision) if folder is not None else error.problems
    return RevisionError(f"the sources at {revision} do not load ({len(problems)} problem(s))", problems)


WORKING_TREE = "working tree"


def load_snapshot(root: Path, revision: str | None) -> Snapshot:
    """The corpus and complete site sources at ``revision`` (None: the working tree as it is).

    Raises RevisionError (never KBError) so that ``kb diff`` can tell "cannot compare"
    from a comparison.
    """
    from .build import complete_site_sources
    from .corpus import load_corpus

    if revision is None:
        project_prefix(root)  # the working tree must be in a repository too
        try:
            corpus = load_corpus(root, notices=[], cache=False)  # a comparison writes nothing
            return Snapshot(WORKING_TREE, corpus, complete_site_sources(root, corpus))
        except KBError as exc:
            raise load_error(WORKING_TREE, exc) from None
    with sources_at(root, revision) as folder:
        try:
            corpus = load_corpus(folder, notices=[], cache=False)
            return Snapshot(revision, corpus, complete_site_sources(folder, corpus))
        except KBError as exc:
            raise load_error(revision, exc, folder) from None
