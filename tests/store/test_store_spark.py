"""The history on Spark (a local session, Parquet tables): copied in, read where it lives, same figures.

Marked ``spark``: a local Spark session needs Java (Debian's ``openjdk-17-jre-headless``) and
``pyspark``; it takes some seconds to start, so the data here is small.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from store_helpers import WEEK1
from test_store_engines import _history

from analytics.cli.main import main
from analytics.errors import InputError
from analytics.store import ingest_frame, ingest_members
from analytics.store.figures import history_summary

pytestmark = pytest.mark.spark

# The JVM of this test's short session: the quick JIT compiler only and the serial collector. A JVM
# that runs for a minute spends most of its CPU compiling hot code with the optimizing compiler and
# in parallel GC threads, which on two cores shared with the other test worker roughly double the
# time (JVM CPU ~45 s -> ~25 s for this test). Tuning for the test's small data, not the product's.
SHORT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"


def test_a_history_copied_to_spark_gives_the_same_summary_and_refuses_ingest(tmp_path, capsys, monkeypatch):
    # Read by every JVM at start-up (Spark's launcher and the driver): set before the session starts.
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", SHORT_JVM)
    sqlite = str(tmp_path / "history.sqlite")
    for number, week in enumerate(_history(3), start=1):
        ingest_frame(sqlite, week, file_name=f"week{number}.csv")
    members = pd.DataFrame(
        {
            "customer_id": ["c1", "c2", "c3", "c9"],
            "tier": pd.Categorical(["v2", "v1", "v2", "v1"], ["v1", "v2"]),
        }
    )
    ingest_members(sqlite, members, file_name="members.csv")
    spark = f"spark://local[1]{tmp_path}/warehouse"
    assert main(["store", "copy", "--from", sqlite, "--to", spark, "--json"]) == 0
    copied = json.loads(capsys.readouterr().out)
    assert copied["tables"]["uploads"] == 4 and copied["tables"]["members"] == 4
    on_spark = history_summary(spark, repurchase_days=7)[0].to_dict()
    on_sqlite = history_summary(sqlite, repurchase_days=7)[0].to_dict()
    assert on_spark == on_sqlite
    assert [t["tier"] for t in on_spark["tiers"]] == ["v1", "v2"]
    # weekly uploads go to an engine with transactions, then are copied: refused, nothing written
    with pytest.raises(InputError, match="written only by copying"):
        ingest_frame(spark, WEEK1, file_name="w.csv")
    assert history_summary(spark, repurchase_days=7)[0].to_dict() == on_sqlite
