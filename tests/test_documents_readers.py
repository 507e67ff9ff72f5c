"""Input formats: every reader on small files written here, folders, globs, stdin, skipped and bad inputs."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

from harbour.extract import TextDocument
from harbour.graph.documents import count_inputs, expand_paths, read_document, read_inputs
from harbour.graph.readers import DocumentReadError, NotADocument, read_bytes, sniff_format

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>港湾ニュース | 東京都が新施設を公開</title>
<meta property="og:title" content="東京都が新施設を公開">
<meta property="article:published_time" content="2023-04-05T09:00:00+09:00">
</head><body>
<nav><ul><li><a href="/">ホームページへ戻る</a></li><li><a href="/news">ニュース一覧を見る</a></li></ul></nav>
<header><div class="logo">港湾ニュース編集部</div></header>
<main><article><h1>東京都が新施設を公開</h1>
<p>行政長官の山田太郎は本日、東京都の新しい研究施設を訪問した。同施設では約300人の研究者が働いている。</p>
<p>株式会社サンプルは同日、新製品「ハーバーAI」を発表した。社長の佐藤花子によると、来年には海外展開を予定している。</p>
</article></main>
<aside><h3>人気記事ランキング</h3><ul><li><a href="/a">大阪で夏祭りが開幕</a></li></ul></aside>
<footer>Copyright 2023 港湾ニュース 利用規約 プライバシーポリシー</footer>
</body></html>"""


def tiny_pdf(lines: list[str], title: str | None = None, created: datetime.date | None = None) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, so ASCII text only)."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td 14 TL {text} ET" if lines else ""
    info = " ".join(filter(None, [f"/Title ({title})" if title else "",
                                  f"/CreationDate (D:{created:%Y%m%d}090000Z)" if created else ""]))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        f"<< {info} >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
             f"startxref\n{xref}\n%%EOF\n").encode()
    return body


def only(items: list) -> TextDocument:
    assert len(items) == 1 and isinstance(items[0], TextDocument), items
    return items[0]


def test_plain_text_in_a_legacy_encoding_is_decoded() -> None:
    text = "行政長官の山田太郎は本日、東京都を訪問した。研究施設では約三百人が働いている。"
    document = only(read_bytes(text.encode("shift_jis"), "news/sjis.txt"))
    assert document.text == text
    assert document.doc_id == "news/sjis.txt"


def test_markdown_loses_its_markup_and_keeps_its_title() -> None:
    source = (b"---\ntitle: \"Front matter title\"\ndate: 2021-03-04\n---\n# Heading one\n\n"
              b"Some **bold** text with a [link](http://example.org) and ![a picture](p.png).\n\n"
              b"- first item\n- second item\n\n> quoted words\n")
    document = only(read_bytes(source, "notes.md"))
    assert document.title == "Front matter title"
    assert document.date == datetime.date(2021, 3, 4)
    assert "Some bold text with a link and a picture." in document.text
    assert "first item" in document.text and "quoted words" in document.text
    assert not any(mark in document.text for mark in ("**", "](", "# ", "- first", "> quoted", "---"))
    assert only(read_bytes(b"# Only a heading\n\nBody.", "b.md")).title == "Only a heading"


def test_html_keeps_the_main_text_title_and_stated_date_without_navigation() -> None:
    document = only(read_bytes(PAGE.encode(), "page.html"))
    assert "行政長官の山田太郎は本日" in document.text
    assert "株式会社サンプル" in document.text
    for boilerplate in ("ホームページへ戻る", "ニュース一覧を見る", "人気記事ランキング", "利用規約", "港湾ニュース編集部"):
        assert boilerplate not in document.text
    assert document.title == "東京都が新施設を公開"
    assert document.date == datetime.date(2023, 4, 5)


def test_html_without_a_stated_date_gets_none_not_a_guess() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2023-04-05T09:00:00+09:00">', "")
    assert only(read_bytes(page.encode(), "page.html")).date is None  # the copyright year is no date


def test_pdf_text_layer_title_and_creation_date() -> None:
    data = tiny_pdf(["Tokyo Governor Jane Smith visited Osaka.", "Acme Corporation showed a new robot."],
                    title="Quarterly report", created=datetime.date(2024, 5, 6))
    document = only(read_bytes(data, "report.pdf"))
    assert "Jane Smith visited Osaka." in document.text and "Acme Corporation" in document.text
    assert document.title == "Quarterly report"
    assert document.date == datetime.date(2024, 5, 6)


def test_pdf_without_a_text_layer_and_broken_pdf_are_clear_errors() -> None:
    with pytest.raises(DocumentReadError, match="no text layer"):
        read_bytes(tiny_pdf([]), "scan.pdf")
    with pytest.raises(DocumentReadError, match="broken.pdf: not a readable PDF"):
        read_bytes(b"%PDF-1.4\ngarbage", "broken.pdf")


def test_jsonl_records_carry_their_metadata_and_bad_lines_are_reported_alone() -> None:
    lines = [
        {"id": "a", "text": "行政長官の山田太郎は東京都を訪問した。", "title": "A", "date": "2024-01-02",
         "source": "https://example.org/a", "lang": "ja"},
        {"text": "No id here, so the source names it.", "source": "https://example.org/b"},
        {"text": "No id and no source."},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + '\n{"id": "x"}\nnot json\n[1]\n'
    items = read_bytes(data.encode(), "batch.jsonl")
    first, second, third, *errors = items
    assert first == TextDocument("a", lines[0]["text"], "https://example.org/a", "A", datetime.date(2024, 1, 2), "ja")
    assert second.doc_id == "https://example.org/b"
    assert third.doc_id == "batch.jsonl#3"
    assert [type(e) for e in errors] == [DocumentReadError] * 3
    assert [str(e).split(":")[1] for e in errors] == ["4", "5", "6"]
    bad_date = read_bytes(b'{"id": "d", "text": "x", "date": "yesterday"}', "d.jsonl")
    assert "not an ISO date" in str(bad_date[0])


def test_sniffing_formats_of_unnamed_bytes() -> None:
    assert sniff_format(PAGE.encode()) == "html"
    assert sniff_format(tiny_pdf(["x"])) == "pdf"
    assert sniff_format(b'{"text": "a"}\n{"text": "b"}\n') == "jsonl"
    assert sniff_format("ただのテキスト".encode()) == "text"
    assert sniff_format(b"\x89PNG\r\n\x1a\n\x00\x00") is None


def test_folders_recursively_globs_and_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("東京都の話。", encoding="utf-8")
    (tmp_path / "a" / "deep" / "two.md").write_text("# Two\n\n大阪府の話。", encoding="utf-8")
    (tmp_path / "a" / "deep" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "a" / ".hidden.txt").write_text("隠し", encoding="utf-8")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "config.txt").write_text("x", encoding="utf-8")
    items = list(read_inputs([tmp_path / "a"]))
    documents = [i for i in items if isinstance(i, TextDocument)]
    skipped = [i for i in items if isinstance(i, NotADocument)]
    assert sorted(Path(d.doc_id).name for d in documents) == ["one.txt", "page.html", "two.md"]
    assert len(skipped) == 1 and "picture.png" in str(skipped[0])
    assert count_inputs([tmp_path / "a"]) == 4
    by_glob = list(read_inputs([str(tmp_path / "a" / "**" / "*.md")]))
    assert [Path(d.doc_id).name for d in by_glob] == ["two.md"]
    assert [p.name for p in expand_paths([tmp_path / "a"])] == ["page.html", "two.md", "one.txt"]


def test_an_explicit_file_with_an_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "NOTES").write_text("社長の佐藤花子は大阪府を訪問した。", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    notes, photo = list(read_inputs([tmp_path / "NOTES", tmp_path / "photo.jpg"]))
    assert isinstance(notes, TextDocument) and notes.text.startswith("社長")
    assert isinstance(photo, NotADocument) and "JPEG image" in str(photo)


def test_stdin_is_read_sniffed_and_named_by_its_content(tmp_path: Path) -> None:
    data = PAGE.encode()
    document = only(list(read_inputs(["-"], stdin=io.BytesIO(data))))
    assert document.title == "東京都が新施設を公開"
    assert document.doc_id.startswith("stdin-")
    assert only(list(read_inputs(["-"], stdin=io.BytesIO(data)))).doc_id == document.doc_id
    assert only(list(read_inputs(["-"], doc_id="given", stdin=io.BytesIO(data)))).doc_id == "given"


def test_read_document_refuses_many_documents_and_reports_empty_ones(tmp_path: Path) -> None:
    (tmp_path / "many.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    (tmp_path / "blank.md").write_text("---\ntitle: t\n---\n", encoding="utf-8")
    with pytest.raises(DocumentReadError, match="holds 2 documents"):
        read_document(tmp_path / "many.jsonl")
    with pytest.raises(DocumentReadError, match="blank.md: the document is empty"):
        read_document(tmp_path / "blank.md")


def test_the_readers_doctests() -> None:
    import doctest

    import harbour.graph.readers

    result = doctest.testmod(harbour.graph.readers)
    assert result.attempted > 0 and result.failed == 0
