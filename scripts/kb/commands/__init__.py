"""Sub-commands of ``kb``; each module defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
from pathlib import Path


def project_root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()
