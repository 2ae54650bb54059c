"""How the curated quotes spread over themes and interviews, and the editorial targets.

The targets (issue 4): every theme has at least 12 quotes from at least 3 interviews, and
every interview contributes quotes to at least 3 themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Corpus

MIN_QUOTES_PER_THEME = 12
MIN_INTERVIEWS_PER_THEME = 3
MIN_THEMES_PER_INTERVIEW = 3


@dataclass(frozen=True)
class ThemeCount:
    slug: str
    quotes: int
    interviews: tuple[str, ...]  # slugs of the interviews with a quote on the theme

    @property
    def on_target(self) -> bool:
        return self.quotes >= MIN_QUOTES_PER_THEME and len(self.interviews) >= MIN_INTERVIEWS_PER_THEME


@dataclass(frozen=True)
class InterviewCount:
    slug: str
    themes: tuple[str, ...]  # themes this interview has quotes on, in theme order

    @property
    def on_target(self) -> bool:
        return len(self.themes) >= MIN_THEMES_PER_INTERVIEW


def theme_counts(corpus: Corpus) -> list[ThemeCount]:
    counts = []
    for theme in corpus.themes:
        quoted = [(i, q) for i, q in corpus.quotes() if theme.slug in q.themes]
        interviews = tuple(i.slug for i in corpus.interviews if any(j is i for j, _ in quoted))
        counts.append(ThemeCount(slug=theme.slug, quotes=len(quoted), interviews=interviews))
    return counts


def interview_counts(corpus: Corpus) -> list[InterviewCount]:
    return [InterviewCount(slug=i.slug, themes=tuple(t.slug for t in corpus.themes
                                                     if any(t.slug in q.themes for q in i.quotes)))
            for i in corpus.interviews]
