"""kb bench's preview probe edits a line whose words reach the page, whatever the shape."""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.corpus import load_interview
from kb.devtools.preview_probe import edited_text
from kb.errors import Problems

ROOT = Path(__file__).resolve().parents[1]
LEO = ROOT / "transcripts" / "2020-02-11-leo-souquet-aws-ml-podcast.md"  # a header transcript


def test_the_edit_skips_a_footer_the_reader_drops(tmp_path: Path) -> None:
    copy = tmp_path / LEO.name
    shutil.copy(LEO, copy)
    before = copy.read_text("utf-8")
    text = edited_text(copy, "kbprobeword")
    assert copy.read_text("utf-8") == before, "the probe edits nothing before the save"
    footer = before.rstrip("\n").rsplit("\n", 1)[-1]
    assert "Tags" in before and footer in text and footer + " kbprobeword" not in text
    copy.write_text(text, "utf-8")
    interview = load_interview(copy, Problems(), [])
    assert interview is not None and any("kbprobeword" in p.text for p in interview.paragraphs)
