"""What `harbour serve` sets up around waitress: bounded queue warnings and thread dumps on SIGUSR1.

waitress logs "Task queue depth is N" for every request that finds all its threads busy, and it does
so while holding the lock that every one of its threads takes its next request under. Under load that
is a line per request; when stderr is a pipe that is read slowly or not at all (a test harness, a
stalled log collector) the write blocks once the pipe is full, and with it the whole server: no thread
gets a request any more, and the accept loop is the thread blocked (issue 8, the 64-client wedge).
So those warnings go out at most once per ``QUEUE_WARNING_INTERVAL`` seconds, with the deepest queue
seen since the last one.
"""

from __future__ import annotations

import faulthandler
import logging
import signal
import sys
import threading
import time

#: Seconds between two of waitress's "Task queue depth" warnings.
QUEUE_WARNING_INTERVAL = 10.0


class QueueWarningLimiter(logging.Filter):
    """Lets one waitress queue-depth warning through per interval, saying the deepest queue since the last."""

    def __init__(self, interval: float = QUEUE_WARNING_INTERVAL) -> None:
        super().__init__()
        self._interval = interval
        self._last = float("-inf")
        self._deepest = 0
        self._held = 0
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        depth = record.args[0] if isinstance(record.args, tuple) and record.args else 0
        now = time.monotonic()
        with self._lock:
            self._deepest = max(self._deepest, depth if isinstance(depth, int) else 0)
            if now - self._last < self._interval:
                self._held += 1
                return False
            record.msg = "Task queue depth is %d (deepest since the last warning: %d; %d warnings held back)"
            record.args = (depth, self._deepest, self._held)
            self._last, self._deepest, self._held = now, 0, 0
            return True


def prepare_for_waitress() -> None:
    """Limit waitress's queue warnings; ``kill -USR1 <pid>`` writes every thread's stack to stderr."""
    logging.getLogger("waitress.queue").addFilter(QueueWarningLimiter())
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
