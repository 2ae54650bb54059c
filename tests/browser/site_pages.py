"""Which pages the browser tests visit, derived from the project's data, not hard-coded.

URL shapes follow issue 3: /themes/<slug>/, /interviews/<slug>/, /people/<id>/.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"  # gitignored

# A word that only the French talk says, with an accent at its edge (English-only
# tokenising would trim it). The search test checks the claim against the built search
# index, so it cannot silently go stale; only paragraphs with a curated quote are indexed.
FRENCH_ONLY_WORD = "évident"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}  # the phone: 390x844


def theme_slugs() -> list[str]:
    themes = yaml.safe_load((ROOT / "data" / "themes.yml").read_text(encoding="utf-8"))
    if isinstance(themes, dict):
        themes = themes.get("themes", [])
    return [theme["slug"] for theme in themes]


def interviews() -> dict[str, str]:
    """Interview slug -> language, from the transcripts' front matter."""
    found = {}
    for path in sorted((ROOT / "transcripts").glob("*.md")):
        meta = frontmatter.load(path).metadata
        found[str(meta["slug"])] = str(meta.get("language", ""))
    return found


def french_interview() -> str:
    french = [slug for slug, language in interviews().items() if language == "fr"]
    assert len(french) == 1, f"expected exactly one French interview, found {french}"
    return french[0]


def captions_interview() -> str:
    """The interview read from lower-case captions (no punctuation in the source)."""
    found = []
    for path in sorted((ROOT / "transcripts").glob("*.md")):
        meta = frontmatter.load(path).metadata
        if meta.get("format") == "captions":
            found.append(str(meta["slug"]))
    assert found, "no interview in the captions format"
    return found[0]


def theme_path(slug: str) -> str:
    return f"themes/{slug}/"


def interview_path(slug: str) -> str:
    return f"interviews/{slug}/"


def person_path() -> str:
    """The French talk's speaker: a person page whose quotes are in French and English."""
    meta = frontmatter.load(ROOT / "transcripts" / f"{french_interview()}.md").metadata
    speaker = next(s["id"] for s in meta["speakers"] if s.get("kind") != "audience")
    return f"people/{speaker}/"


def people_paths() -> list[str]:
    """Every person page: each speaker of each transcript (ids are unique across them)."""
    found = set()
    for path in sorted((ROOT / "transcripts").glob("*.md")):
        found.update(str(s["id"]) for s in frontmatter.load(path).metadata.get("speakers", []))
    return [f"people/{person}/" for person in sorted(found)]
