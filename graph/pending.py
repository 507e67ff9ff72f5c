"""A journal of the bulk writes in progress, which makes Oxigraph's bulk loader safe for whole documents.

Oxigraph's bulk loader (``Store.bulk_load``) writes table files and ingests them without a transaction: it
runs at two to three times the rate of a transactional ``Store.load``, but a process killed during it may
leave part of its data in the store. A bulk load of new documents therefore first records their IRIs here
(written and synced before the store is touched) and removes the record once the store holds every quad.
Whoever opens the store next finds any record left by a crash and drops those documents' graphs, so each
document is again whole or absent; a rerun of the load writes them anew.

The journal is a file beside the store (``<store>.pending``), one IRI a line, replaced atomically.

>>> import tempfile, pathlib
>>> journal = PendingWrites(pathlib.Path(tempfile.mkdtemp()) / "store.pending")
>>> with journal.writing(["https://example.org/doc/a"]):
...     journal.recorded()
['https://example.org/doc/a']
>>> journal.recorded()
[]
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class PendingWrites:
    """The record of one bulk write in progress (there is one writer per store: the process that opened it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, store_path: Path) -> "PendingWrites":
        return cls(store_path.with_name(store_path.name + ".pending"))

    def recorded(self) -> list[str]:
        """The documents of a bulk write that was started and not seen to finish (empty when none)."""
        try:
            return [line for line in self.path.read_text(encoding="utf-8").splitlines() if line]
        except FileNotFoundError:
            return []

    @contextmanager
    def writing(self, document_iris: Sequence[str]) -> Iterator[None]:
        """Record these documents for the duration of the block. If the block raises, the record stays:
        the caller undoes the write (``HarbourStore`` drops the graphs, then calls :meth:`clear`)."""
        self._record(document_iris)
        yield
        self.clear()

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        _sync_directory(self.path.parent)

    def _record(self, document_iris: Sequence[str]) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        with partial.open("w", encoding="utf-8") as output:
            output.write("".join(f"{iri}\n" for iri in document_iris))
            output.flush()
            os.fsync(output.fileno())
        partial.replace(self.path)  # a record is whole or absent, like the documents it protects
        _sync_directory(self.path.parent)


def _sync_directory(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable (the file's own fsync does not cover its name)."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
