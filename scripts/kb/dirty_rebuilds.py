"""Plain `mkdocs serve` re-renders only the pages a save changed, as `--dirty` does (issue 16).

MkDocs 1.6 rebuilds the whole site on every save unless the server was started with
``--dirty``, and gives a plugin no way to choose: its serve command's builder calls
``mkdocs.commands.serve.build(config, serve_url=..., dirty=is_dirty)``, looking the name up
in that module at each rebuild. Under plain ``mkdocs serve`` the hook (``on_serve``, after
the first build) puts ``_dirty_build`` under that name, which asks for a dirty build.

That is safe here because the hook makes MkDocs' dirty build exact (kb.preview): generated
pages are backed by files rewritten only when their text changes, every page is rendered
again when what every page shows changes (navigation, problems banner, tags, a hand-written
file, mkdocs.yml...), and the page of a removed transcript is taken down. So the warning
MkDocs prints before each dirty build ("this will likely lead to inaccurate navigation")
does not hold and is not shown for these builds.

Not under ``--strict`` (or ``strict: true``): a dirty build does not convert the pages it
skips, so their warnings would not be counted. ``mkdocs serve --clean`` keeps full builds
too (its startup command is "build", and the hook never installs this).
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.commands import build as build_command
from mkdocs.commands import serve as serve_command

log = logging.getLogger("mkdocs.hooks.kb")
_MKDOCS_WARNING = "A 'dirty' build is being performed"  # mkdocs/commands/build.py, MkDocs 1.6


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_MKDOCS_WARNING)


_filter = _DropDirtyWarning()
_installed: list[Any] = []  # the build function replaced, while installed


def _dirty_build(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> None:
    if not (dirty or config.strict):
        log.info("re-rendering only the pages this save changed (`mkdocs serve --clean` renders every page)")
    _installed[0](config, serve_url=serve_url, dirty=dirty or not config.strict)


def install() -> None:
    """Make the running server's rebuilds dirty; nothing changes (and the log says why) when
    this MkDocs' serve command does not build through ``mkdocs.commands.build.build``."""
    if _installed:
        return
    if getattr(serve_command, "build", None) is not build_command.build:
        log.info("this MkDocs version rebuilds in its own way: every save renders every page")
        return
    _installed.append(serve_command.build)
    serve_command.build = _dirty_build  # type: ignore[assignment]
    logging.getLogger(build_command.__name__).addFilter(_filter)


def uninstall() -> None:
    if _installed:
        serve_command.build = _installed.pop()  # type: ignore[assignment]
        logging.getLogger(build_command.__name__).removeFilter(_filter)
