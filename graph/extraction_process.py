"""The entry point of an extraction worker process (``python -m harbour.graph.extraction_process FD PARENT_PID``).

It asks to die with its parent before importing anything heavy: importing spaCy takes seconds, and a parent
killed in that window would otherwise leave the worker running (loading pipelines) with no one to serve. If
the parent is already gone by then, it exits at once. The work itself is ``extraction_workers.serve``.
"""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection

from .query_worker import _die_with_parent


def main(argv: list[str]) -> None:
    _die_with_parent()
    if os.getppid() != int(argv[2]):
        return
    from .extraction_workers import serve

    serve(Connection(int(argv[1])))


if __name__ == "__main__":
    main(sys.argv)
