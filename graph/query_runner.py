"""Running clients' queries with a time limit, a memory limit and a result cap.

pyoxigraph cannot interrupt a query: its Python API has no timeout or cancellation, ``ORDER BY`` and
``GROUP BY`` do all their work inside the first ``next()``, and a Python thread cannot be killed. The
only thing that reliably stops a runaway evaluation is ending the process it runs in. So clients'
queries run in a pool of worker processes (``query_worker``):

* The server process stays the single writer of the store. Workers read *snapshots* of it
  (``snapshots.SnapshotDirectory``: RocksDB checkpoints, hard links, taken lazily after writes), never
  the live store, because opening a store read-only while another process writes it is undefined.
* Each query gets a worker for its whole evaluation; the request thread waits on the worker's socket
  until the deadline, then SIGKILLs the worker (answering 503 at once) and the pool starts another. The
  other workers, and the queries they run, are untouched.
* Memory: each worker's address space is capped (RLIMIT_DATA), and a watchdog thread sums the
  resident memory of the workers running queries every ``WATCH_INTERVAL`` seconds and kills the biggest
  when the sum passes the budget; a worker left holding more than ``IDLE_WORKER_MEMORY`` after its query
  is replaced. At most ``max_workers`` queries run at once (and the reserve below); more wait for a free worker
  until their own deadline.
* Staying responsive on a busy machine: ``harbour serve`` starts every worker up front and keeps them
  (elsewhere four), the watchdog replaces a killed one within ``WATCH_INTERVAL`` (not the request
  thread, whose 503 would wait for it), and a spare starts whenever the last idle one
  is taken, so a query does not wait for an interpreter to start; the next idle workers open
  a new snapshot as soon as it exists; and a query that has used 0.1 s of CPU runs at a lower priority
  (nice 10), so a few heavy queries cannot starve the light ones of the processor.
* Runaways cannot lock everyone out: when every worker runs a slow query (deprioritised, or running for
  ``RESERVE_AFTER_SECONDS``), up to ``RESERVED_WORKERS`` more start for the queries that come meanwhile
  (retired once the pool is not full of slow queries), so a cheap query still answers while
  ``max_workers`` runaways wait for their time limit.

In-memory stores (tests, ``harbour extract``) cannot be snapshotted; ``InProcessQueryRunner`` checks
the deadline between rows there, which stops streaming queries but not a sort.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from .evaluation import NotAcceptable, QueryError, QueryFailed, QueryOutcome, QueryRequest, QueryTimeout
from .snapshots import SnapshotDirectory

#: Seconds between two looks of the watchdog at the workers' memory and idle time.
WATCH_INTERVAL = 0.05
#: A query that has used this much CPU time is given a lower CPU priority (nice), so that on a busy
#: machine the short queries of other clients still get the processor. CPU time, not wall time: many
#: short queries at once make each other slow without being heavy.
SLOW_QUERY_CPU_SECONDS = 0.1
_SLOW_QUERY_NICENESS = 10
#: Workers beyond ``max_workers``, started only while every worker runs a slow query.
RESERVED_WORKERS = 2
#: A query counts as slow for the reserve once it has run this long (wall time) or been deprioritised: on a
#: busy machine runaways take a while to use ``SLOW_QUERY_CPU_SECONDS`` of CPU each.
RESERVE_AFTER_SECONDS = 0.25
_PREPARED = 2
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: Private memory an idle worker may keep (a big query leaves its allocations behind): more, and it is
#: replaced. Running queries count against the budget; idle workers hold at most this each. It must leave
#: room for RocksDB's caches, which are what a warm worker is for: at 100,000 documents a worker holds 72-81
#: MB after one entity page's queries, and with a limit of 64 MB every such query cost a new worker with cold
#: caches (0.33x of oxigraph serve at 16 clients, bench/README.md).
IDLE_WORKER_MEMORY = 160 * 2**20
#: Address space a worker needs besides its share of the query budget (interpreter, RocksDB tables).
_WORKER_BASE_MEMORY = 512 * 1024 * 1024


class QueryMemoryExceeded(QueryFailed):
    """The query needed more memory than the server allows queries to use."""


class QueryRunner(Protocol):
    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome: ...

    def close(self) -> None: ...


class InProcessQueryRunner:
    """Evaluates in the calling thread; the deadline is checked between rows only."""

    def __init__(self, evaluate: Callable[[QueryRequest], QueryOutcome]) -> None:
        self._evaluate = evaluate

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome:
        return self._evaluate(dataclasses.replace(request, deadline=time.monotonic() + timeout))

    def close(self) -> None:
        pass


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    connection: Connection
    snapshot: Path | None = None
    busy: bool = False
    busy_since: float = 0.0
    idle_since: float = field(default_factory=time.monotonic)
    queries: int = 0  # how many it was given: the watchdog tells one query from the next
    cpu_seen: tuple[int, float] = (0, 0.0)  # (query number, CPU seconds when the watchdog first saw it)
    deprioritised: bool = False
    ready: bool = False  # it has said so: its interpreter is up and its snapshot open
    #: Snapshots it had open before the messages on their way to it; let go once it answers.
    letting_go: list[Path] = field(default_factory=list)
    killed_for: str | None = None


class WorkerPool:
    """Up to ``max_workers`` query worker processes (and ``RESERVED_WORKERS`` more while all of them run
    slow queries); ``warm`` of them are kept running when idle.

    ``memory_budget`` (bytes) bounds the resident memory of all workers together.
    """

    def __init__(self, snapshots: SnapshotDirectory, max_workers: int, memory_budget: int, warm: int = 4,
                 idle_seconds: float = 60.0) -> None:
        self._snapshots = snapshots
        self.max_workers = max(1, max_workers)
        self.memory_budget = memory_budget
        self._warm = min(warm, self.max_workers)
        self._idle_seconds = idle_seconds
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []
        self._held_back: list[_Worker] = []  # started, for the reserve only (not in _workers until taken)
        self._condition = threading.Condition()
        self._closed = False
        with self._condition:
            self._keep_warm()
        self._watchdog = threading.Thread(target=self._watch, name="harbour-query-watchdog", daemon=True)
        self._watchdog.start()

    # --- running a query -------------------------------------------------------------------

    def run(self, request: QueryRequest, deadline: float) -> QueryOutcome:
        try:
            snapshot = self._snapshots.acquire()  # this reference passes to the worker, which opens it
        except OSError as error:
            raise QueryFailed(f"cannot take a snapshot of the store: {error}") from error
        try:
            worker = self._acquire(deadline)
        except BaseException:
            self._snapshots.release(snapshot)
            raise
        with self._condition:
            self._move_to(worker, snapshot)
            worker.queries += 1
            self._prepare_idle_workers(snapshot)
        try:
            worker.connection.send((snapshot, request))
            status, payload = "ready", None
            while status == "ready":  # a worker's start-up message may still be on its way
                if not worker.connection.poll(max(deadline - time.monotonic(), 0)):
                    self._discard(worker, "time")
                    raise QueryTimeout("the query ran past the time limit and was stopped")
                status, payload = worker.connection.recv()
            worker.ready = True
        except (EOFError, OSError) as error:
            self._discard(worker, "crash")
            raise self._death(worker) from error
        self._let_go(worker)
        self._release(worker)
        if status == "ok":
            return payload
        if isinstance(payload, MemoryError):
            raise QueryMemoryExceeded(str(payload))
        if isinstance(payload, (QueryError, NotAcceptable, QueryFailed, QueryTimeout)):
            raise payload
        raise QueryFailed(f"{type(payload).__name__}: {payload}")

    def _move_to(self, worker: _Worker, snapshot: Path) -> None:
        """Record that ``worker`` is told to open ``snapshot`` (whose reference it takes over)."""
        if worker.snapshot is not None:
            worker.letting_go.append(worker.snapshot)
        worker.snapshot = snapshot

    def _let_go(self, worker: _Worker) -> None:
        with self._condition:
            done, worker.letting_go = worker.letting_go, []
        for path in done:
            self._snapshots.release(path)

    def _prepare_idle_workers(self, snapshot: Path) -> None:
        """The idle workers next in line open a new snapshot now, not when their query comes (lock held).

        Only the next ``_PREPARED`` ones: opening costs each worker some CPU, after every write.
        """
        for worker in self._idle[-_PREPARED:]:
            if worker.snapshot != snapshot:
                self._snapshots.retain(snapshot)
                self._move_to(worker, snapshot)
                worker.ready = False
                worker.connection.send((snapshot, None))

    def _take_ready_messages(self, worker: _Worker) -> bool:
        """Consume an idle worker's "ready" messages; whether it is ready (lock held)."""
        while not worker.ready and worker.connection.poll(0):
            status, _ = worker.connection.recv()
            worker.ready = status == "ready"
        if worker.ready and worker.letting_go:
            done, worker.letting_go = worker.letting_go, []
            for path in done:
                self._snapshots.release(path)
        return worker.ready

    def _death(self, worker: _Worker) -> Exception:
        if worker.killed_for == "memory" or worker.process.returncode == -6:  # -6: Rust's failed allocation aborts
            return QueryMemoryExceeded(f"the query needed more memory than queries may use "
                                       f"({self.memory_budget // 2**20} MB) and was stopped")
        if worker.killed_for == "time":
            return QueryTimeout("the query ran past the time limit and was stopped")
        return QueryFailed(f"the query worker stopped unexpectedly (exit status {worker.process.returncode})")

    def _acquire(self, deadline: float) -> _Worker:
        with self._condition:
            while True:
                if self._closed:
                    raise QueryFailed("the server is shutting down")
                if self._idle:
                    # The most recently used ready worker (its caches are warm), else one still starting.
                    ready = [w for w in self._idle if self._take_ready_messages(w)]
                    worker = ready[-1] if ready else self._idle[-1]
                    self._idle.remove(worker)
                    break
                if len(self._workers) < self.max_workers:
                    worker = self._spawn()
                    break
                if self._reserve_open():
                    worker = self._held_back.pop() if self._held_back else self._spawn(counted=False)
                    self._workers.append(worker)
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout(f"all {self.max_workers} query workers stayed busy until the time limit")
                # While a reserved worker may still start, look again when running queries may have become slow.
                reserve_left = len(self._workers) < self.max_workers + RESERVED_WORKERS
                self._condition.wait(min(remaining, WATCH_INTERVAL) if reserve_left else remaining)
            worker.busy, worker.busy_since = True, time.monotonic()
            if not self._idle and len(self._workers) < self.max_workers:
                # A spare, starting now, so the next query does not wait for an interpreter to start.
                self._idle.append(self._spawn())
            return worker

    def _reserve_open(self) -> bool:
        """Whether a query may start a reserved worker: ``max_workers`` run slow queries (lock held)."""
        return len(self._workers) < self.max_workers + RESERVED_WORKERS and self._runaways_fill_the_pool()

    def _runaways_fill_the_pool(self) -> bool:
        slow_since = time.monotonic() - RESERVE_AFTER_SECONDS
        return sum(worker.busy and (worker.deprioritised or worker.busy_since < slow_since)
                   for worker in self._workers) >= self.max_workers

    def _release(self, worker: _Worker) -> None:
        with self._condition:
            worker.busy = False
            worker.idle_since = time.monotonic()
            if worker.deprioritised:
                worker.deprioritised = not _set_niceness(worker.process.pid, 0)
            bloated = _resident_bytes(worker.process.pid) > IDLE_WORKER_MEMORY
            reuse = worker in self._workers and not worker.deprioritised and not bloated
            if reuse:
                self._idle.append(worker)
            self._condition.notify()
        if not reuse:  # raising a priority needs privileges, and memory is not given back: start afresh
            worker.connection.close()
            self._kill(worker, "deprioritised")

    # --- worker processes ------------------------------------------------------------------

    def _spawn(self, counted: bool = True) -> _Worker:
        """A new worker, counted among the pool's unless held back for the reserve (condition held)."""
        ours, theirs = Pipe(duplex=True)
        limit = self.memory_budget + _WORKER_BASE_MEMORY
        process = subprocess.Popen([sys.executable, "-m", "harbour.graph.query_worker", str(theirs.fileno()),
                                    str(limit)], pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL)
        theirs.close()
        worker = _Worker(process, ours)
        if counted:  # a held-back worker may wait long: it would keep an old checkpoint's files on disk
            worker.snapshot = self._snapshots.acquire_latest()
            if worker.snapshot is not None:  # opened while the worker waits for its first query
                ours.send((worker.snapshot, None))
            self._workers.append(worker)
        return worker

    def _keep_warm(self) -> None:
        """Start workers until ``warm`` are running and one is held back for the reserve (lock held)."""
        while len(self._workers) < self._warm and not self._closed:
            self._idle.append(self._spawn())
        if not self._held_back and not self._closed:
            self._held_back.append(self._spawn(counted=False))

    def _kill(self, worker: _Worker, reason: str) -> None:
        """SIGKILL a worker and forget it; idempotent, and the first reason given is kept."""
        with self._condition:
            if worker.killed_for is None:
                worker.killed_for = reason
            if worker in self._workers:
                self._workers.remove(worker)
            if worker in self._idle:
                self._idle.remove(worker)
            held = [path for path in (worker.snapshot, *worker.letting_go) if path is not None]
            worker.snapshot, worker.letting_go = None, []
            self._condition.notify()
        worker.process.kill()
        worker.process.wait()
        for path in held:
            self._snapshots.release(path)

    def _discard(self, worker: _Worker, reason: str) -> None:
        """Kill a worker whose connection the calling thread owns (the watchdog only kills)."""
        self._kill(worker, reason)
        worker.connection.close()

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(WATCH_INTERVAL)
            with self._condition:
                workers = list(self._workers)
            busy = [worker for worker in workers if worker.busy]
            usage = {worker: _resident_bytes(worker.process.pid) for worker in busy}
            if busy and sum(usage.values()) > self.memory_budget:
                self._kill(max(busy, key=usage.__getitem__), "memory")
            if self._deprioritise_slow(busy):
                with self._condition:  # queries waiting for a worker may now start a reserved one
                    self._condition.notify_all()
            self._retire_idle()

    def _deprioritise_slow(self, busy: list[_Worker]) -> bool:
        """Lower the priority of queries that have used their share of CPU; whether any was lowered."""
        lowered = False
        for worker in busy:
            if worker.deprioritised:
                continue
            used = _cpu_seconds(worker.process.pid)
            number, base = worker.cpu_seen
            if number != worker.queries:
                worker.cpu_seen = (worker.queries, used)
            elif used - base > SLOW_QUERY_CPU_SECONDS:
                worker.deprioritised = _set_niceness(worker.process.pid, _SLOW_QUERY_NICENESS)
                lowered = lowered or worker.deprioritised
        return lowered

    def _retire_idle(self) -> None:
        now = time.monotonic()
        with self._condition:
            stale = [w for w in self._idle if now - w.idle_since > self._idle_seconds]
            stale = stale[:max(len(self._workers) - self._warm, 0)]
            if not self._runaways_fill_the_pool():  # the reserve is not needed any more
                excess = len(self._workers) - len(stale) - self.max_workers
                stale += [w for w in self._idle if w not in stale][:max(excess, 0)]
            for worker in stale:
                self._idle.remove(worker)
                self._workers.remove(worker)
            self._keep_warm()
        for worker in stale:
            worker.connection.close()  # the worker exits at the end of its input
            self._kill(worker, "idle")

    @property
    def size(self) -> int:
        with self._condition:
            return len(self._workers)

    def close(self) -> None:
        with self._condition:
            self._closed = True
            workers, self._workers, self._idle = [*self._workers, *self._held_back], [], []
            self._held_back = []
            self._condition.notify_all()
        for worker in workers:
            worker.process.kill()
            worker.process.wait()
            worker.connection.close()


def _set_niceness(pid: int, niceness: int) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, pid, niceness)
        return True
    except (OSError, AttributeError):  # gone, not allowed, or no priorities on this system
        return False


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far, 0 if unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _resident_bytes(pid: int) -> int:
    """Private resident memory of a process (resident minus shared pages), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            fields = statm.read().split()
        return (int(fields[1]) - int(fields[2])) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


class IsolatedQueryRunner:
    """Queries on snapshots of an on-disk store, in killable worker processes (see the module doc)."""

    def __init__(self, checkpoint: Callable[[Path], None], changes: Callable[[], int], snapshot_directory: Path,
                 max_workers: int, memory_budget: int, started_workers: int = 4) -> None:
        self.snapshots = SnapshotDirectory(checkpoint, changes, snapshot_directory)
        self.pool = WorkerPool(self.snapshots, max_workers, memory_budget, warm=started_workers)

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome:
        return self.pool.run(request, time.monotonic() + timeout)

    def close(self) -> None:
        self.pool.close()
        self.snapshots.close()


def query_runner_for(store, max_workers: int, memory_budget: int, started_workers: int = 4) -> QueryRunner:
    """The isolated runner for an on-disk ``HarbourStore``; in-process for an in-memory one.

    ``started_workers`` are started at once and kept when idle (a server starts all of them: a query
    then never waits for an interpreter to start, even when every other worker runs a runaway).

    Snapshots live in ``<store>.snapshots`` beside the store (same file system, so checkpoints are hard links).
    """
    if store.path is None:
        return InProcessQueryRunner(store.evaluate)
    return IsolatedQueryRunner(store.checkpoint, lambda: store.changes,
                               store.path.with_name(store.path.name + ".snapshots"), max_workers, memory_budget,
                               started_workers)
