"""A person's career (education -> jobs) as told in one interview, drawn as a timeline.

An ordered list, so it reads as a sequence without CSS; docs/stylesheets/charts.css draws
the line and the dots. Each step links to the paragraph that is its evidence.
"""

from __future__ import annotations

from markupsafe import Markup

from ..models import Interview, Speaker
from . import paths
from .escape import escape_attribute, escape_text, link


def career_timeline(speaker: Speaker, interview: Interview, *, page: str) -> Markup:
    """The speaker's career in ``interview`` as a timeline (empty when it gives none).

    An ordered list, so it reads as a sequence without CSS; charts.css draws the line and
    the dots. A step without ``when`` says the date is not given rather than guessing.
    """
    if not speaker.career:
        return Markup("")
    target = paths.interview_page(interview.slug)
    label = f"Career of {speaker.name} as told in {interview.title}"
    items = []
    for step in speaker.career:
        if step.when:
            when = f'<span class="kb-timeline__when">{escape_text(step.when)}</span>'
        else:
            when = '<span class="kb-timeline__when kb-timeline__when--unknown">Date not given</span>'
        evidence = ""
        if step.paragraph_id:
            evidence = " " + link("evidence", paths.href(page, target, step.paragraph_id),
                                  css="kb-timeline__evidence")
        items.append(f'<li class="kb-timeline__step" markdown="span">{when}'
                     f'<span class="kb-timeline__what">{escape_text(step.what)}</span>{evidence}</li>')
    return Markup("\n".join([
        f'<ol class="kb-timeline" aria-label="{escape_attribute(label)}" markdown>',
        *items,
        "</ol>",
    ]))
