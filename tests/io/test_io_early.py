"""A file parsed early (before the command's imports) reads exactly as one parsed when asked.

``analytics.io.early`` starts Arrow's parse of a command's large UTF-8 CSV before pandas is
imported; the text reader claims it when it would parse the file the same way. The tests lower
the size thresholds to 0 so small files take that way, and compare each table with the one read
without an early parse: same frame, same layout, and the same refusals for damaged files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from io_helpers import raises_code

import analytics.io.early as early
import analytics.io.read as read_module
import analytics.io.text as text_module
from analytics.__main__ import _first_file
from analytics.io import read_table
from analytics.loading.orders import needed_columns

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def small_files_early(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Take small files early too; record whether each claim got the early parse's table."""
    monkeypatch.setattr(early, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(read_module, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(early, "_STARTED", {})
    claims: list[bool] = []
    original = text_module.claim

    def recording(*args):
        table = original(*args)
        claims.append(table is not None)
        return table

    monkeypatch.setattr(text_module, "claim", recording)
    return claims


def read_both(path: Path, claims: list[bool], **kwargs):
    """Return the table read after an early parse, the one read without, and whether it was used."""
    claims.clear()
    started = early.start_early_read(path)
    with_early = read_table(path, **kwargs)
    used = started and claims == [True]
    early._STARTED.clear()
    without = read_table(path, **kwargs)
    return with_early, without, used


def assert_same(path: Path, claims: list[bool], **kwargs) -> None:
    with_early, without, used = read_both(path, claims, **kwargs)
    assert used, "the early parse was not started or not claimed"
    pd.testing.assert_frame_equal(with_early.frame, without.frame)
    for attribute in ("encoding", "delimiter", "header_row", "headers"):
        assert getattr(with_early, attribute) == getattr(without, attribute), attribute


@pytest.mark.parametrize(
    "content",
    [
        b"order_id,customer_id,order_time,amount\n1,c1,2025-01-01 10:00,12.50\n2,,2025-01-02,3\n",
        # A BOM, a title line above the header, padded and Taobao-wrapped cells, a blank line.
        b"\xef\xbb\xbfShop export\norder;customer;time;amount\n"
        b' ="0012" ; c1 ;2025-01-01;"1,5"\n\n2;c2;2025-01-03;4\n',
        # Quoted values spanning lines.
        b'order,amount,note\n1,"1,234.50","two\nlines"\n2,3.00,x\n',
    ],
)
def test_an_early_parse_reads_as_the_reader_does(tmp_path: Path, content: bytes, small_files_early) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    assert_same(path, small_files_early)


def test_a_column_choice_takes_its_columns_from_the_early_parse(tmp_path: Path, small_files_early) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("订单号,备注,下单时间,金额,客户ID\nA1,x,2025-01-01,3,c1\nA2,y,2025-01-02,4,c2\n")
    assert_same(path, small_files_early, columns=needed_columns(path.name, None))
    assert list(read_table(path, columns=needed_columns(path.name, None)).frame.columns) == [
        "订单号",
        "下单时间",
        "金额",
        "客户ID",
    ]


def test_a_file_changed_after_its_early_parse_is_read_again(tmp_path: Path, small_files_early) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("order,amount\n1,2\n")
    assert early.start_early_read(path)
    early._entry(path, len("order,amount\n"))  # the early parse is done
    path.write_text("order,amount\n7,8\n9,10\n")
    assert read_table(path).frame["order"].tolist() == ["7", "9"]
    assert small_files_early == [False]


@pytest.mark.parametrize(
    ("content", "started"),
    [
        (",".join(f"c{i}" for i in range(early.EARLY_MAX_COLUMNS + 1)).encode() + b"\n", False),  # wide
        ("订单号,金额\nA1,3\n".encode("gbk"), False),  # another encoding
        (b"\x1f\x8b\x08\x00", False),  # gzip
        (b"\n\n\n", False),  # a blank head
        (b'order,note\n1,"never closed\n2,x\n', True),  # parsed by nobody: the reader refuses it
    ],
)
def test_unusual_files_are_left_to_the_reader(tmp_path: Path, content: bytes, started: bool) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    assert early.start_early_read(path) is started
    if started:
        with raises_code("io.unclosed_quote"):
            read_table(path)


def test_a_failed_early_parse_leaves_the_error_to_the_reader(tmp_path: Path, small_files_early) -> None:
    # An ASCII head and a GBK line further on: Arrow refuses the UTF-8, the reader reads GB18030.
    path = tmp_path / "orders.csv"
    path.write_bytes(b"order,note\n" + b"1,x\n" * 3000 + "2,备注\n".encode("gbk"))
    with_early, without, used = read_both(path, small_files_early)
    assert not used
    pd.testing.assert_frame_equal(with_early.frame, without.frame)
    assert with_early.encoding == "gb18030" and with_early.frame["note"].iloc[-1] == "备注"


def test_missing_files_start_nothing(tmp_path: Path) -> None:
    assert early.start_early_read(tmp_path / "absent.csv") is False
    assert early.start_early_read(tmp_path) is False


@pytest.mark.parametrize(
    ("arguments", "first"),
    [
        (["a.csv", "b.csv", "--json"], "a.csv"),
        (["--start", "2025-01-01", "--json", "a.csv"], "a.csv"),
        (["--members", "m.csv", "--map=customer_id=客户", "a.csv"], "a.csv"),
        (["--map", "customer_id=客户", "--store", "h.sqlite"], None),
        ([], None),
    ],
)
def test_the_command_line_names_its_first_file(arguments: list[str], first: str | None) -> None:
    assert _first_file(arguments) == first


def test_summarize_with_an_early_parse_prints_what_it_prints_without(tmp_path: Path) -> None:
    # Above the size at which files are parsed from disk (and early): 9 MB of orders.
    rows = (
        f"{10_000 + i},C{i % 5_000:05d},2025-0{1 + i % 9}-{1 + i % 28:02d} 10:{i % 60:02d},{i % 97}.5\n"
        for i in range(240_000)
    )
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,order_time,amount\n" + "".join(rows))
    assert path.stat().st_size >= 8 * 1024**2
    command = ["summarize", str(path), "--start", "2025-03-01", "--end", "2025-06-30", "--json"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # The same command run by main() alone: nothing parsed early.
    probe = "import sys; from analytics.cli.main import main; sys.exit(main(sys.argv[1:]))"
    whole = subprocess.run(
        [sys.executable, "-m", "analytics", *command], cwd=ROOT, env=env, capture_output=True
    )
    plain = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, env=env, capture_output=True)
    assert whole.returncode == plain.returncode == 0, (whole.stderr[-2000:], plain.stderr[-2000:])
    assert whole.stdout == plain.stdout


def test_a_header_too_wide_to_sniff_is_refused_by_the_command_not_the_early_parse(tmp_path: Path) -> None:
    # 2,000,000 columns (16 MB, above the size parsed early): the early parse's look at the head
    # raised csv's "field larger than field limit" and `inspect` ended in a traceback (exit 1).
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(2_000_000)) + "\n1,2\n")
    assert early.start_early_read(path) is False
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "analytics", "inspect", str(path)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.splitlines() == [done.stderr.strip()] and "2,000,000" in done.stderr
