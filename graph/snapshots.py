"""Read-only snapshots of the store for the query worker processes, and knowing when to take one.

The server process is the only one that opens the store for writing. Worker processes never open it:
they open *checkpoints* of it (RocksDB checkpoints through ``Store.backup``, hard links to the immutable
table files, taken in milliseconds), which nothing writes to, so ``Store.read_only`` on them is safe.
A new checkpoint is taken lazily, by the first query after a write, so a query always sees every write
that finished before it started.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox

#: pyoxigraph ``Store`` methods that write.
_WRITES = frozenset({"add", "add_graph", "bulk_extend", "bulk_load", "clear", "clear_graph", "extend", "load",
                     "remove", "remove_graph", "update"})


class ChangeCountingStore:
    """A pyoxigraph ``Store`` (which cannot be subclassed) that counts the writes made through it.

    Every other attribute is the wrapped store's, so code written against ``pyoxigraph.Store`` works.
    """

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._write_numbers = itertools.count(1)
        #: A new, never repeated value after each write returns (or fails half-way): a snapshot
        #: labelled with another value may miss a write. (``next`` on a count is atomic.)
        self.changes = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if name not in _WRITES:
            return attribute

        def write(*args: Any, **kwargs: Any) -> Any:
            try:
                return attribute(*args, **kwargs)
            finally:
                self.changes = next(self._write_numbers)

        return write

    def __len__(self) -> int:
        return len(self._store)

    def __iter__(self):
        return iter(self._store)

    def __contains__(self, quad: ox.Quad) -> bool:
        return quad in self._store

    def __str__(self) -> str:
        return str(self._store)


_directory_numbers = itertools.count()


class SnapshotDirectory:
    """Checkpoints of one store, each deleted once it is stale and no worker has it open.

    They live in a directory of their own under ``parent`` (named after this process), which should be
    on the store's file system so that checkpoints are hard links.
    """

    def __init__(self, checkpoint: Any, changes: Any, parent: Path) -> None:
        """``checkpoint(path)`` writes a checkpoint; ``changes()`` is the store's write count."""
        self._checkpoint = checkpoint
        self._changes = changes
        parent.mkdir(parents=True, exist_ok=True)
        for stale in parent.glob("*-*"):  # left by a process that died: only one process opens a store
            if stale.name.split("-")[0] != str(os.getpid()):
                shutil.rmtree(stale, ignore_errors=True)
        self.directory = parent / f"{os.getpid()}-{next(_directory_numbers)}"
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir()
        self._lock = threading.Lock()  # the references; held briefly
        self._checkpointing = threading.Lock()  # one checkpoint at a time, which later queries wait for
        self._names = itertools.count()
        self._current: Path | None = None
        self._current_changes = -1
        self._users: dict[Path, int] = {}

    def acquire(self) -> Path:
        """A checkpoint holding every write made so far; the caller must ``release`` it."""
        with self._checkpointing:
            changes = self._changes()  # read before the checkpoint: a write meanwhile makes it stale
            with self._lock:
                if self._current is not None and changes == self._current_changes:
                    self._users[self._current] += 1
                    return self._current
            path = self.directory / f"snapshot-{next(self._names)}"
            self._checkpoint(path)
            with self._lock:
                previous, self._current, self._current_changes = self._current, path, changes
                self._users[path] = 1
                if previous is not None:
                    self._delete_if_unused(previous)
                return path

    def acquire_latest(self) -> Path | None:
        """The latest checkpoint, fresh or not, without taking one (None if there is none); release it."""
        with self._lock:
            if self._current is None:
                return None
            self._users[self._current] += 1
            return self._current

    def retain(self, path: Path) -> None:
        """One more reference to a checkpoint someone already holds."""
        with self._lock:
            self._users[path] += 1

    def release(self, path: Path) -> None:
        with self._lock:
            self._users[path] -= 1
            self._delete_if_unused(path)

    def _delete_if_unused(self, path: Path) -> None:
        if path != self._current and self._users.get(path) == 0:
            del self._users[path]
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            shutil.rmtree(self.directory, ignore_errors=True)
            self._users.clear()
            self._current = None
        try:
            self.directory.parent.rmdir()  # when no other snapshot directory is left in it
        except OSError:
            pass
