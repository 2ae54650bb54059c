"""Build the MkDocs site of the real project, or of a fixture corpus, into a temporary folder.

Imported by tests/test_site_*.py and tests/test_render_*.py. A fixture corpus (transcripts/
and data/) is combined with the project's real site configuration (mkdocs.yml, docs/,
overrides/, the hook) so the tests exercise exactly what readers get.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site-corpus"
SITE_FILES = ("mkdocs.yml", "docs", "overrides")
HOOK = "scripts/kb/mkdocs_hook.py"


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def make_project(target: Path, *, corpus: Path = ROOT) -> Path:
    """A copy of the site configuration with ``corpus``'s transcripts/ and data/."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target / name)
    (target / HOOK).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / HOOK, target / HOOK)
    for name in ("transcripts", "data"):
        shutil.copytree(corpus / name, target / name, dirs_exist_ok=True)
    if corpus != ROOT:
        _prune_nav(target)
    return target


def _prune_nav(project: Path) -> None:
    """Drop nav entries for pages a fixture corpus does not produce (e.g. no data/roles.yml)."""
    from kb.build import generate
    from kb.corpus import load_corpus

    available = set(generate(load_corpus(project))) | {
        p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")}
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text("utf-8"))

    def keep(item: object) -> bool:
        target = next(iter(item.values())) if isinstance(item, dict) else item
        return not isinstance(target, str) or target in available

    config["nav"] = [item for item in config["nav"] if keep(item)]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")


@dataclass(frozen=True)
class BuildResult:
    code: int
    output: str
    site: Path


def build(project: Path, site: Path) -> BuildResult:
    # This interpreter's mkdocs (a bare `mkdocs` may belong to another environment and checkout).
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          check=False, cwd=project,
                          env=mkdocs_env(), capture_output=True, text=True, timeout=300)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


class Site:
    """A built site: HTML pages parsed on demand (once each), links resolved like a browser."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pages: dict[Path, BeautifulSoup] = {}
        self._ids: dict[Path, set[str]] = {}

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def page(self, url_path: str) -> BeautifulSoup:
        file = self.file_for(url_path)
        if file not in self._pages:
            self._pages[file] = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        return self._pages[file]

    def file_for(self, url_path: str) -> Path:
        path = self.root / unquote(url_path).lstrip("/")
        return path / "index.html" if url_path.endswith("/") or path.is_dir() else path

    def url_of(self, file: Path) -> str:
        rel = file.relative_to(self.root).as_posix()
        return "/" + (rel.removesuffix("index.html"))

    def resolve(self, from_file: Path, href: str) -> tuple[str, str]:
        """(url path, fragment) of a relative link found in ``from_file``."""
        parts = urlsplit(urljoin("http://site" + self.url_of(from_file), href))
        return parts.path, parts.fragment

    def search_records(self) -> dict[str, dict[str, dict]]:
        """What Pagefind stored for each indexed page: ``{language: {url: record}}``.

        A record (``content``, ``filters``, ``meta``, ``anchors``) is what the search box shows
        results from; Pagefind writes each as gzipped JSON after a ``pagefind_dcd`` marker.
        """
        records: dict[str, dict[str, dict]] = {}
        for fragment in sorted((self.root / "pagefind").glob("*/fragment/*.pf_fragment")):
            data = gzip.decompress(fragment.read_bytes())
            assert data.startswith(b"pagefind_dcd"), fragment
            record = json.loads(data[len(b"pagefind_dcd"):])
            records.setdefault(fragment.parent.parent.name, {})[record["url"]] = record
        return records

    def ids(self, url_path: str) -> set[str]:
        file = self.file_for(url_path)
        if file not in self._ids:
            self._ids[file] = {tag["id"] for tag in self.page(url_path).find_all(id=True)}
        return self._ids[file]
