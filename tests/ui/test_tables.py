"""Screenshot-ready tables: the box fits its rows up to a screenful, longer tables say how many more."""

from __future__ import annotations

from ui.tables import MAX_ROWS, ROW_PX, hidden_rows, table_height


def test_a_30_day_table_shows_all_its_rows():
    # 30 rows + the header at 35 px each, plus the 3 px frame: 31 * 35 + 3 = 1088.
    assert table_height(30) == 1088
    assert hidden_rows(30) == 0


def test_a_long_table_stops_at_a_screenful_and_counts_the_rest():
    assert table_height(500) == (MAX_ROWS + 1) * ROW_PX + 3
    assert hidden_rows(500) == 500 - MAX_ROWS


def test_an_empty_table_keeps_one_row_of_room():
    assert table_height(0) == table_height(1) == 2 * ROW_PX + 3
