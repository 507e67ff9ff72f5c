"""Fixtures: a real on-disk store in a temp dir, the Flask app and client on it, a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from harbour.config import Settings
from harbour.extract import Extractor, TextDocument
from harbour.graph.store import HarbourStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "cyberport-ai-2024-11-22.ja.txt"
HARBOUR = str(Path(sys.executable).with_name("harbour"))
TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def sample_extraction(extractor: Extractor, sample_text: str):
    return extractor.extract(TextDocument("samples/cyberport-ai-2024-11-22.ja.txt", sample_text, source=str(SAMPLE)))


@pytest.fixture
def store(tmp_path: Path) -> HarbourStore:
    store = HarbourStore(tmp_path / "store")
    store.ensure_ontology()
    return store


@pytest.fixture
def loaded_store(store: HarbourStore, sample_extraction) -> HarbourStore:
    store.put_document(sample_extraction.iri, sample_extraction.triples, sample_extraction.content_hash)
    return store


@pytest.fixture
def app(loaded_store: HarbourStore):
    from harbour.server.app import create_app

    app = create_app(Settings(store=str(loaded_store.path), token=TOKEN), store=loaded_store)
    app.config["TESTING"] = True
    yield app
    app.extensions["harbour"].close()  # its query worker processes


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_harbour(*args: str, store: Path, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "HARBOUR_STORE": str(store)}
    return subprocess.run([HARBOUR, *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=600,
                          **kwargs)


class ServedHarbour:
    """A real `harbour serve` process on a free port of 127.0.0.1."""

    def __init__(self, store: Path, *extra: str, token: str | None = TOKEN) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "HARBOUR_STORE": str(store)}
        if token:
            env["HARBOUR_TOKEN"] = token
        # A file, not a pipe: a pipe no one reads fills up and blocks the server's next log line (issue 8).
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen([HARBOUR, "serve", "--port", str(self.port), *extra], env=env,
                                        stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stderr.seek(0)
                raise RuntimeError(f"harbour serve exited: {self.stderr.read().decode()}")
            try:
                urllib.request.urlopen(self.url + "/sparql?query=ASK%7B%7D", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("harbour serve did not start within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.stderr.close()


@pytest.fixture(scope="session")
def served_sample(tmp_path_factory):
    """`harbour load samples/` then `harbour serve`, as a user runs them."""
    store = tmp_path_factory.mktemp("served") / "store"
    result = run_harbour("load", "samples/", store=store)
    assert result.returncode == 0, result.stderr
    assert "1 loaded" in result.stderr, "samples/ must hold exactly one document (the article)"
    server = ServedHarbour(store)
    yield server
    server.stop()


#: Debian's Chromium (``make browser`` installs it) and the flags it runs with in CI; never ``playwright install``.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium driven by Playwright, one per test module; skips when Chromium is missing."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page; ``page.errors`` collects uncaught JavaScript errors."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
