"""A year of the real Online Retail data uploaded as overlapping exports equals the whole file.

The exports are four-weekly, each overlapping the one before by a week: 14 uploads of the year (the
same every-row-once and duplicate paths as weekly ones, with a quarter of the per-upload work;
tests/cli/test_cli_ingest.py covers weekly exports through the command line).
"""

from __future__ import annotations

import pandas as pd
import pytest
from store_helpers import ingest_files

from analytics.metrics.period import resolve_period
from analytics.metrics.summary import summarize
from analytics.store import history_orders, list_uploads
from tests.uci_data import uci_load


@pytest.mark.slow
def test_online_retail_as_overlapping_monthly_exports_gives_the_whole_files_figures(tmp_path, uci_path):
    raw = pd.read_csv(uci_path, dtype=str, keep_default_na=False)
    days = pd.to_datetime(raw["InvoiceDate"], format="ISO8601").dt.normalize()
    # An export of the 5 weeks before it, every 4 weeks: consecutive exports share 7 days.
    files = []
    for n, start in enumerate(pd.date_range(days.min(), days.max(), freq="28D")):
        part = raw[(days >= start) & (days < start + pd.Timedelta(days=35))]
        if len(part):
            files.append(tmp_path / f"export{n:02d}.csv")
            part.to_csv(files[-1], index=False)
    db = tmp_path / "h.sqlite"
    results = ingest_files(db, files)
    whole = uci_load()  # load_orders([uci_path]), loaded once per test process

    def by_id(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sort_values("order_id", kind="stable").reset_index(drop=True)

    stored = history_orders(db)
    pd.testing.assert_frame_equal(by_id(stored), by_id(whole.orders))
    assert sum(r.added for r in results) == len(whole.orders)
    # every row of every weekly file is accounted for, and each valid order was added once
    assert sum(r.rows_read for r in results) == sum(len(pd.read_csv(f, usecols=[0])) for f in files)
    assert all(r.rows_read == r.rows_used + sum(r.dropped.values()) for r in results)
    assert len(list_uploads(db)) == len(files)
    for period in (
        resolve_period(whole.orders),
        resolve_period(whole.orders, start="2011-01-01", end="2011-06-30"),
    ):
        assert summarize(stored, period=period).to_dict() == summarize(whole.orders, period=period).to_dict()
