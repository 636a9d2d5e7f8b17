"""Issue 17: Excel's "Unicode Text" (UTF-16 with a BOM, tab-separated) is read, not refused as binary."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaplanner.imports.leads import LeadFileError, parse_leads, read_headers

TEXT = (
    "Record ID\tCreate Date\tOriginal Source\tLifecycle Stage\tCompany\r\n"
    "1\t2025-03-14\tOrganic search\tlead\tSociété Générale\r\n"
    "2\t2025-03-15\tPaid search\tmarketingqualifiedlead\t東京商事\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_unicode_text_is_read(encoding):
    bom = "\ufeff".encode(encoding)
    result = parse_leads(bom + TEXT.encode(encoding))
    assert result.delimiter == "\t"
    assert result.table.source.tolist() == ["Organic search", "Paid search"]
    assert result.table.fields["company"].tolist() == ["Société Générale", "東京商事"]
    assert result.warnings == ()


def test_utf16_headers_for_the_mapping_step(tmp_path: Path):
    path = tmp_path / "excel.txt"
    path.write_bytes(b"\xff\xfe" + "A\tB\tC\r\n1\t2\t3\r\n".encode("utf-16-le"))
    assert read_headers(path) == (("A", "B", "C"), "\t")


def test_a_broken_utf16_file_is_one_plain_line():
    with pytest.raises(LeadFileError, match="UTF-16"):
        parse_leads(b"\xff\xfe" + "A\tB\r\n".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate


def test_real_binary_is_still_refused():
    with pytest.raises(LeadFileError, match="binary"):
        parse_leads(b"PK\x03\x04\x00\x00\x00\x00binary")


def test_a_fifo_named_like_a_csv_is_refused_without_blocking(tmp_path, sample_plan_path):
    """Issue 17: a FIFO named x.csv blocked the lead import (and ``score``) for ever."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "main.py", "score", str(sample_plan_path), str(fifo)],
        capture_output=True, text=True, timeout=30, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert done.returncode == 2 and "not a regular file" in done.stderr and done.stderr.count("\n") == 1
