"""One timed generation run, in a fresh process (``python -m kb.devtools.generation_child``).

``kb bench`` runs this in the project folder so that imports and memory are counted the way
a contributor or CI pays for them. It prints one JSON line: CPU seconds spent importing,
loading the corpus and generating the pages (the load's worker processes included), the
wall seconds of loading and generating, what was generated (and the SHA-256 of it all,
so a warm run can be compared with a cold one), how many transcripts the transcript cache
gave back (``cache``: hits and misses; none when ``KB_CACHE=off``), and what search must find
(titles, names, quotes, the French interviews, and words sampled from unquoted transcript
paragraphs).
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import time
from pathlib import Path
from typing import Any

WORD_SAMPLE = 60  # words from unquoted paragraphs looked up in search (at least 50 must be)
RARE = 3  # a sampled word occurs in at most this many interviews, so its page is in the results


def sample_unquoted_words(corpus: Any, *, seed: int = 0, count: int = WORD_SAMPLE) -> list[list[str]]:
    """``[word, interview page, interview title]``: words said in paragraphs that hold no
    curated quote (so no other page repeats them), five letters or more. Search looks each
    up within its interview (the interview filter), so a word other interviews say too is
    still a fair test: rarer words are preferred (at most ``RARE`` interviews), and the
    sample is topped up with commoner ones when a large corpus has too few rare ones (at
    500 synthetic interviews recombined from five, only 10 words were rare)."""
    from kb.text import tokens

    where: dict[str, set[str]] = {}
    for interview in corpus.interviews:
        quoted = {q.paragraph_id for q in interview.quotes}
        for paragraph in interview.paragraphs:
            if paragraph.id in quoted:
                continue
            for word in tokens(paragraph.text):
                if len(word) >= 5 and word.isalpha():
                    where.setdefault(word, set()).add(interview.slug)
    rng = random.Random(seed)
    rare = sorted((w, min(s)) for w, s in where.items() if len(s) <= RARE)
    picked = rng.sample(rare, min(count, len(rare)))
    if len(picked) < count:
        common = sorted((w, sorted(s)) for w, s in where.items() if len(s) > RARE)
        picked += [(w, rng.choice(slugs)) for w, slugs in rng.sample(common, min(count - len(picked), len(common)))]
    titles = {i.slug: i.title for i in corpus.interviews}
    return [[word, f"interviews/{slug}/", titles[slug]] for word, slug in picked]


def output_digest(files: dict[str, str]) -> str:
    """One SHA-256 over every generated path and its text, in path order."""
    digest = hashlib.sha256()
    for path in sorted(files):
        for part in (path.encode(), files[path].encode()):
            digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the load's workers, kb.workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    start = _cpu()
    from kb.build import generate
    from kb.corpus import load_corpus
    from kb.devtools.cache_lookups import count_lookups

    cache = count_lookups()  # counted from here on (kb.transcript_cache is imported by kb.corpus)
    imported, imported_wall = _cpu(), time.perf_counter()
    corpus = load_corpus(Path.cwd())
    loaded, loaded_wall = _cpu(), time.perf_counter()
    files = generate(corpus)
    done, done_wall = _cpu(), time.perf_counter()
    expect = {
        "themes": [t.title for t in corpus.themes],
        "interviews": [i.title for i in corpus.interviews],
        "people": [p.name for p in corpus.people],
        "quotes": [q.text for _, q in corpus.quotes()],
        "french_interviews": [f"interviews/{i.slug}/" for i in corpus.interviews if i.language == "fr"],
        "languages": {f"interviews/{i.slug}/index.html": i.language for i in corpus.interviews},
        "unquoted_words": sample_unquoted_words(corpus),
    }
    largest = max(((len(t.encode()), p) for p, t in files.items()), default=(0, ""))
    print(json.dumps({"import": imported - start, "load": loaded - imported, "render": done - loaded,
                      "load_wall": loaded_wall - imported_wall, "render_wall": done_wall - loaded_wall,
                      "files": len(files), "bytes": sum(len(t.encode()) for t in files.values()),
                      "largest": largest, "digest": output_digest(files), "cache": cache, "expect": expect}))


if __name__ == "__main__":
    main()
