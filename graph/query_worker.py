"""A query worker process: evaluates queries on read-only store snapshots, one at a time.

Started by ``query_runner.WorkerPool`` as ``python -m harbour.graph.query_worker FD MEMORY_BYTES``:
``FD`` is its end of a socket pair, on which it receives ``(snapshot path, QueryRequest)`` and answers
``("ok", QueryOutcome)`` or ``("error", exception)``; ``(snapshot path, None)`` only opens the snapshot,
ahead of the first query. It says ``("ready", None)`` once started and after each such opening, so the
pool can prefer workers that are ready. The pool kills it with SIGKILL when a query runs
past its time limit or the workers together use too much memory; its own address space is capped at
``MEMORY_BYTES`` (RLIMIT_DATA) so that no single query can take the machine down between two checks.
It dies with its parent (PR_SET_PDEATHSIG) and exits when the socket closes.
"""

from __future__ import annotations

import ctypes
import resource
import signal
import sys
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from .evaluation import QueryRequest, evaluate

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed socket still ends the worker once idle
        pass


def _cap_memory(limit: int) -> None:
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def serve(connection: Connection) -> None:
    """Answer requests until the pool closes the connection."""
    store: ox.Store | None = None
    opened: Path | None = None
    connection.send(("ready", None))
    while True:
        try:
            snapshot, request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if snapshot != opened:
                store = None  # close the previous snapshot before opening the next
                store = ox.Store.read_only(str(snapshot))
                opened = snapshot
            if request is None:
                connection.send(("ready", None))
                continue
            assert store is not None and isinstance(request, QueryRequest)
            reply = ("ok", evaluate(store, request))
        except MemoryError:
            reply = ("error", MemoryError("the query needed more memory than a worker may use"))
        except Exception as error:  # noqa: BLE001 - every failure goes back to the caller
            reply = ("error", error)
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return
        except Exception as error:  # noqa: BLE001 - an exception that does not pickle
            connection.send(("error", RuntimeError(f"{type(reply[1]).__name__}: {reply[1]} ({error})")))


def main(argv: list[str]) -> None:
    _die_with_parent()
    connection = Connection(int(argv[1]))
    _cap_memory(int(argv[2]))
    serve(connection)


if __name__ == "__main__":
    main(sys.argv)
