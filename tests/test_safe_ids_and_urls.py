"""Ids and URLs from transcripts are restricted before anything is built from them.

Slugs, speaker ids and quote ids become file names, URLs and anchors: `kb check` accepts
only lower-case letters, digits and single hyphens, so no id can climb out of its folder
(`../x`), add one (`a/b`), or break a URL or an attribute (`A B`, `<x>`). Front-matter URLs
are accepted only as http(s). And whatever a renderer returns, `write_site_sources` writes
nothing outside its output folder.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from kb import build
from kb.cli import main
from kb.errors import KBError

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
FILE = "transcripts/hostile-webvtt.md"
BAD_IDS = ["../x", "a/b", "A B", "<x>", "..", "x/../../etc", "/abs", "a\\b", "a%2fb", "é", "a_b", "-a", "a--b",
           "a-", ".hidden", "x\ny", "'x'", '"x"', "javascript:alert(1)", "x" * 81]
# (field as the problem names it, text in the file to replace; {} is the bad id as YAML)
ID_FIELDS = [
    ("slug", "slug: hostile-webvtt", "slug: {}"),
    ("speakers/1/id", "  - id: peggy-voice", "  - id: {}"),
    ("quotes/0/id", "  - id: hostile-vtt-quote", "  - id: {}"),
    ("quotes/0/speaker", "    speaker: peggy-voice", "    speaker: {}"),
]
BAD_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
            "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "https://evil.example/\"onmouseover=x",
            "https://evil.example/<script>", "http://a b", "ftp://example.org/x", "https:evil", "java\u200bscript:x"]


def _yaml(value: str) -> str:
    import json

    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def _check(root: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "check"])
    return code, err.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(HOSTILE, root)
    return root


def _replace(root: Path, old: str, new: str) -> None:
    path = root / FILE
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_fixture_is_valid(project: Path) -> None:
    assert _check(project)[0] == 0


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize(("field", "old", "new"), ID_FIELDS, ids=[f[0] for f in ID_FIELDS])
def test_unsafe_ids_are_rejected_by_kb_check(project: Path, field: str, old: str, new: str, bad: str) -> None:
    _replace(project, old, new.format(_yaml(bad)))
    code, err = _check(project)
    assert code == 1
    assert f"{FILE}:" in err and f"[{field}]" in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("bad", BAD_IDS[:4])
def test_unsafe_turn_speaker_is_rejected(project: Path, bad: str) -> None:
    _replace(project, "summary: \"A plain summary", f"turns:\n  - speaker: {_yaml(bad)}\n    at: \"0:00\"\n"
                                                  "summary: \"A plain summary")
    code, err = _check(project)
    assert code == 1 and "[turns/0/speaker]" in err, err


@pytest.mark.parametrize("bad", BAD_URLS)
@pytest.mark.parametrize("field", ["url", "video_url"])
def test_non_http_urls_are_rejected_by_kb_check(project: Path, field: str, bad: str) -> None:
    if field == "url":
        _replace(project, "  kind: video", f"  url: {_yaml(bad)}\n  kind: video")
    else:
        _replace(project, 'video_url: "https://www.youtube.com/watch?v=def456"', f"video_url: {_yaml(bad)}")
    code, err = _check(project)
    assert code == 1 and f"[source/{field}]" in err, err


@pytest.mark.parametrize("rel", ["../escaped.md", "a/../../escaped.md", "/tmp/kb-escaped-absolute.md", "",
                                 ".", "..", "interviews/../../escaped.md"])
def test_write_site_sources_never_writes_outside_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            rel: str) -> None:
    """A renderer bug returning a path that leaves the output folder fails the whole build
    before anything is written anywhere."""
    root = tmp_path / "project"
    root.mkdir()
    out = tmp_path / "site" / "out"
    monkeypatch.setattr(build, "complete_site_sources", lambda _root: {"index.md": "fine\n", rel: "escaped\n"})
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(KBError, match="outside the output folder"):
        build.write_site_sources(root, out)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/kb-escaped-absolute.md").exists()


def test_every_generated_path_is_a_plain_relative_path() -> None:
    from kb.corpus import load_corpus

    for rel in build.generate(load_corpus(HOSTILE)):
        parts = Path(rel).parts
        assert rel == Path(rel).as_posix() and not Path(rel).is_absolute()
        assert ".." not in parts and all(part and not part.startswith(".") for part in parts), rel
