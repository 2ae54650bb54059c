"""The five seed documents are in transcripts/ with bodies exactly as received, and check."""

import hashlib

from helpers import FIXTURES, ROOT
from kb.corpus import load_corpus, transcript_paths
from kb.frontmatter_loader import load_transcript


def test_bodies_are_byte_identical_to_the_seeds():
    expected = {line.split()[0] for line in (FIXTURES / "seed-bodies.sha256").read_text().splitlines()}
    bodies = set()
    for path in transcript_paths(ROOT):
        source, problems = load_transcript(path)
        assert not problems, problems
        raw = path.read_bytes()
        body = raw[raw.index(b"\n---\n", 3) + 5:]
        assert body.decode("utf-8") == source.body  # the loader hands readers the exact body
        bodies.add(hashlib.sha256(body).hexdigest())
    assert expected <= bodies


def test_corpus_loads_and_every_quote_knows_its_paragraph():
    corpus = load_corpus(ROOT)
    assert len(corpus.interviews) >= 5
    for interview in corpus.interviews:
        ids = {p.id for p in interview.paragraphs}
        assert len(ids) == len(interview.paragraphs)
        for quote in interview.quotes:
            assert quote.paragraph_id in ids
