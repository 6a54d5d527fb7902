"""``python -m analytics``: the command registry, fast start-up, usage errors and option wording."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analytics.cli.main import COMMANDS, build_parser, main
from analytics.cli.options import parse_overrides
from analytics.errors import ArgumentError
from analytics.messages.catalog import CLI_DOMAIN, LOCALE_DIR, read_po_texts
from tests.messages.option_terms import option_terms

ROOT = Path(__file__).resolve().parents[2]


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)


def test_help_lists_exactly_the_registered_commands():
    sub = next(a for a in build_parser([])._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)
    # every registered command has its module; nothing is listed that does not exist
    assert all((ROOT / "analytics" / "cli" / f"{name}.py").is_file() for name in COMMANDS)


def test_help_points_to_the_docs_in_the_repository():
    done = subprocess.run(
        [sys.executable, "-m", "analytics", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "docs/definitions.md" in done.stdout and "docs/cli.md" in done.stdout
    assert "shared" not in done.stdout


def test_summarize_starts_without_scipy_or_plotly(tmp_path):
    # Only the command being run is imported; scipy.stats alone costs most of a second.
    orders = tmp_path / "o.csv"
    orders.write_text("order_id,customer_id,order_time,amount\n1,a,2025-01-01,5\n", encoding="utf-8")
    done = _run_python(
        "import sys, contextlib, io\n"
        "from analytics.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['summarize', {str(orders)!r}, '--json'])\n"
        "print(code, sorted(m for m in ('scipy', 'plotly', 'streamlit') if m in sys.modules))\n"
    )
    assert done.stdout.strip() == "0 []", done.stderr


def test_usage_errors_are_one_line_naming_the_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["inspect"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1
    assert err.startswith("error: ") and "(see python -m analytics inspect --help)" in err


def test_map_syntax_error_names_the_option_it_came_from():
    with pytest.raises(ArgumentError) as error:
        parse_overrides(["customer_id"])
    assert error.value.code == "clierr.map_syntax"
    assert str(error.value).startswith("--map FIELD=HEADER: cannot read 'customer_id'")


def test_every_option_term_is_worded_as_a_flag():
    # The shared catalogs name an option only as {option}; the command line's cli.po words it.
    cli = read_po_texts(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{CLI_DOMAIN}.po")
    assert sorted(term for term in option_terms() if not cli.get(term, "").startswith("--")) == []
