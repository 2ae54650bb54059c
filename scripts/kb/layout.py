"""Where things live in a project folder: the transcripts and the editors' data files.

One constant per path, imported by the loaders that read them, by the MkDocs hook (edit
links, watched files) and by the renderers that name a page's source, so no module has
its own copy of ``"data/themes.yml"``.
"""

from __future__ import annotations

TRANSCRIPTS_DIR = "transcripts"
THEMES_FILE = "data/themes.yml"
ROLES_FILE = "data/roles.yml"
GLOSSARY_FILE = "data/glossary.yml"
JOB_ADVERTS_FILE = "data/job_adverts.yml"
