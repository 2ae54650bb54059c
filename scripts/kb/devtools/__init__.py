"""Developer tools: synthetic corpora, benchmarks and tagger evaluation; not part of the pipeline."""
