"""Hostile files for the CLI loaders: the readers never raise (a property over random bytes, names and suffixes),
and one `harbour load` of a folder of hostile files ends with a summary and an exit status (no traceback), keeps
the good documents and says why each bad one failed. Figures: ``FIGURES {json}``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.graph.documents import DocumentReadError, read_inputs
from harbour.extract import TextDocument

from .conftest import run_harbour
from .test_fuzz_http import EXAMPLES, deep, zip_bomb_html, zip_bomb_pdf

SUFFIXES = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl", ".TXT", ".xyz", ""]
GOOD = "Acme Corporation opened an office in Tokyo with Jane Smith."

hostile_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"), st.text(max_size=500)),
    st.builds(lambda b: b"%PDF-1.7\n" + b, st.binary(max_size=3000)),
    st.builds(lambda b: b"<html><body>" + b + b"</body></html>", st.binary(max_size=1000)),
    st.builds(lambda n: deep(n, "<div>", "</div>", "x").encode(), st.integers(1, 30_000)),
    st.builds(lambda n: deep(n, "[", "]").encode(), st.integers(1, 50_000)),
    st.builds(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"),
              st.lists(st.one_of(st.text(max_size=80), st.just('{"id": "../../x", "text": "a"}'),
                                 st.just('{"text": 1}'), st.just("[]"), st.just('{"id": null}')), max_size=8)),
    st.just(b"---\ntitle: [unclosed\n---\n# \x00\n"),
    st.just(b"\xef\xbb\xbf\xff\xfe" * 200),
)
names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=30)


def test_readers_never_raise_on_hostile_files() -> None:
    tried = {"inputs": 0, "documents": 0, "errors": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=hostile_bytes, name=names, suffix=st.sampled_from(SUFFIXES))
    def fuzz(data: bytes, name: str, suffix: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            try:
                path = Path(folder) / (name[:40] + suffix)
                path.write_bytes(data)
            except (OSError, ValueError):  # a name the file system refuses ("." or "..")
                return
            for item in read_inputs([path]):  # must not raise
                assert isinstance(item, (TextDocument, DocumentReadError))
                tried["documents" if isinstance(item, TextDocument) else "errors"] += 1
            tried["inputs"] += 1

    fuzz()
    print("FIGURES " + json.dumps({"test": "readers on hostile files", **tried, "exceptions": 0}))


def hostile_folder(folder: Path) -> int:
    """A folder of hostile files and two good ones; how many files it holds."""
    folder.mkdir()
    files = {
        "good.txt": GOOD.encode(),
        "sub dir/good \u202e name.md": ("# Title\n\n" + GOOD).encode(),
        "bomb.pdf": zip_bomb_pdf(200),
        "deep.html": zip_bomb_html(20_000, 1),
        "wide.html": zip_bomb_html(3, 300),
        "binary.txt": bytes(range(256)) * 40,
        "invalid-utf8.txt": b"Acme \xff\xfe\xc3\x28 Tokyo \x00\x01",
        "empty.txt": b"",
        "spaces.txt": b"   \n\t  \n",
        "truncated.pdf": zip_bomb_pdf(1)[:500],
        "fake.pdf": b"%PDF-1.4\n" + b"\x00" * 1000,
        "records.jsonl": b'{"id": "../../etc/passwd", "text": "Jane Smith visited Tokyo."}\n{"text": \n[1,2]\n'
                         + deep(50_000, "[", "]").encode() + b"\n" + json.dumps({"id": "ok", "text": GOOD}).encode(),
        "front.md": b"---\ntitle: [unclosed\ndate: never\n---\n" + GOOD.encode(),
        "long-line.txt": ("Jane Smith " * 2_000).encode(),
        "ctrl\x01\x7fname.txt": GOOD.encode(),
        "\u30c6\u30b9\u30c8.txt": "\u5c71\u7530\u592a\u90ce\u306f\u6771\u4eac\u90fd\u3092\u8a2a\u554f\u3057\u305f\u3002".encode("shift_jis"),
        "dir.txt/inner.txt": GOOD.encode(),
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    os.symlink(folder, folder / "loop")  # a symlink back to the folder itself
    os.symlink(folder / "missing", folder / "dangling.txt")
    return len(files) + 2


def test_harbour_load_of_a_folder_of_hostile_files(tmp_path: Path) -> None:
    count = hostile_folder(tmp_path / "hostile")
    store = tmp_path / "store"
    result = run_harbour("load", str(tmp_path / "hostile"), "--verbose", store=store)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    summary = [line for line in result.stderr.splitlines() if " loaded, " in line]
    assert summary, result.stderr[-2000:]
    failures = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert failures and all(len(line.split(": ", 2)) == 3 for line in failures)  # each says what and why
    again = run_harbour("load", str(tmp_path / "hostile"), store=store)
    assert "Traceback" not in again.stderr and "\n0 loaded, 0 replaced" in again.stderr, again.stderr[-2000:]
    docs = json.loads(run_harbour("docs", "--format", "json", store=store).stdout)
    ids = [d["id"] for d in (docs["documents"] if isinstance(docs, dict) else docs)]
    assert any(i.endswith("good.txt") for i in ids)
    print("FIGURES " + json.dumps({"test": "harbour load of a folder of hostile files", "files": count,
                                   "exit_status": result.returncode, "summary": summary[-1].strip(), "failures_with_reason": len(failures),
                                   "documents_stored": len(ids), "tracebacks": 0}))


def test_a_jsonl_line_nested_too_deeply_is_a_bad_line_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_bytes(deep(100_000, "[", "]").encode() + b"\n" + json.dumps({"id": "ok", "text": GOOD}).encode())
    items = list(read_inputs([path]))
    assert isinstance(items[0], DocumentReadError) and "nested too deeply" in str(items[0])
    assert isinstance(items[1], TextDocument) and items[1].doc_id == "ok"
