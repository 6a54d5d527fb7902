"""Tables the writer keeps beside the orders, so a page's figures need no scan of the whole history.

A history of ten million orders cannot be grouped per customer on every dashboard click. The one
writer (:mod:`analytics.store.engines.orders`: ingest and upload deletion, every engine) keeps
five tables up to date in the same transaction as the orders they are derived from:

- ``day_totals``: per shop, day, store, channel and currency (``UPPER(TRIM(currency))``, blank:
  NULL) the valid orders, the guest orders (no customer id), their sales and the guests' sales
  (whole 1/10,000 of the currency, as every history query sums money), and how many orders carry
  a member flag or a tier. The sidebar's days, stores, channels and currency, the daily series
  and a period's totals are read from it (a row per day and store, whatever the orders).
- ``customer_firsts``: per shop and identified customer, the first and the second distinct
  purchase day over the shop's whole history (valid orders): the cards' "returning" and
  "repurchase within N days" and the monthly series' returning buyers join the period's
  customers to it instead of grouping every order of the history.
- ``store_customer_firsts``: the same per store and channel (their stored values, NULL kept):
  with a store or channel filter, a customer's first and second day among the chosen stores and
  channels are the two smallest distinct days of their rows there; the store ranking's "first
  day in this store" is the smallest of a store's rows.
- ``customer_days`` and ``store_customer_days``: one row per purchase day of a customer (of a
  store, its name trimmed, blank: no store), with its orders and sales, the customer's purchase
  day before and after it and their first day. A period's buyers (rows whose day before is
  outside the period), repeaters (whose day after is inside it) and returning sales (whose first
  day is before it) are then counted in one pass over the period's rows, with no grouping per
  customer: the store index of ten million orders, and a period's months.
- ``month_totals``: per shop and calendar month the orders, sales, buyers, returning buyers (first
  day over all history before the month) and their sales: the whole history's monthly series
  (no filter) read as it is.

After the writer changed the orders of some ids (temp tables ``before``: their old rows, and
``incoming``: the ids the upload supplied or the deleted upload had supplied), :func:`refresh`
recomputes the rows of the days and customers those orders had or have, from the orders
themselves; :func:`rebuild` recomputes everything (schema migration, a history written outside the
writer). So the tables are always exactly what the orders give: a test compares them with a
rebuild after ingests and deletions.
"""

from __future__ import annotations

from analytics.store.engines.base import Engine

DERIVED_TABLES: tuple[str, ...] = (
    "day_totals",
    "customer_firsts",
    "store_customer_firsts",
    "customer_days",
    "store_customer_days",
    "month_totals",
)
# The schema version from which a history has the tables (older Spark warehouses, copied before,
# do not: the pages then find the same figures in the orders).
DERIVED_FROM_VERSION = 5

_UNITS = "CAST(ROUND(amount * 10000) AS BIGINT)"
_DAY_KEYS = "shop, order_day, store, channel, NULLIF(UPPER(TRIM(currency)), '')"


def _day_totals(condition: str) -> str:
    return f"""INSERT INTO day_totals (shop, order_day, store, channel, currency, orders, guest_orders,
        sales_units, guest_sales_units, flagged, tiered)
    SELECT {_DAY_KEYS}, COUNT(*),
        SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END),
        SUM({_UNITS}),
        SUM(CASE WHEN customer_id IS NULL THEN {_UNITS} ELSE 0 END),
        SUM(CASE WHEN is_member IS NOT NULL THEN 1 ELSE 0 END),
        SUM(CASE WHEN tier IS NOT NULL THEN 1 ELSE 0 END)
    FROM orders WHERE status = 'valid' AND {condition}
    GROUP BY {_DAY_KEYS}"""


def _firsts(table: str, keys: str, condition: str) -> str:
    # The two smallest distinct days of each key: a window over the distinct days (every engine has
    # ROW_NUMBER; DuckDB's MIN(x, 2) is DuckDB's alone). Stored in key order (shop, store, ...): a
    # store filter then reads the chosen stores' row groups only.
    return f"""INSERT INTO {table} ({keys}, first_day, second_day)
    SELECT {keys}, MIN(CASE WHEN k = 1 THEN order_day END), MIN(CASE WHEN k = 2 THEN order_day END)
    FROM (
        SELECT {keys}, order_day, ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY order_day) AS k
        FROM (
            SELECT DISTINCT {keys}, order_day FROM orders
            WHERE status = 'valid' AND customer_id IS NOT NULL AND {condition}
        ) AS d
    ) AS r
    WHERE k <= 2
    GROUP BY {keys}
    ORDER BY {keys}"""


_STORE_KEYS = "shop, store, channel, customer_id"


def _days(table: str, store: str, condition: str) -> str:
    # Stored in day order: a period's rows are then a few row groups (DuckDB skips the others by
    # their day range), not a scan of the table.
    # One row per purchase day of a customer (of a store: its name trimmed, blank: none), with the
    # day before and after it and the first day: a period's buyers, repeaters and returning sales
    # are then counted row by row (a buyer's first row in the period is the one whose previous
    # day is before it), never grouped per customer at read time.
    keys = f"shop, {store}customer_id"
    inner = f"shop, {'TRIM(store) AS store, ' if store else ''}customer_id"
    group = f"shop, {'TRIM(store), ' if store else ''}customer_id, order_day"
    named = "AND store IS NOT NULL AND TRIM(store) <> ''" if store else ""
    window = f"PARTITION BY {keys}"
    return f"""INSERT INTO {table} ({keys}, order_day, orders, units, prev_day, next_day, first_day)
    SELECT {keys}, order_day, orders, units,
        LAG(order_day) OVER ({window} ORDER BY order_day),
        LEAD(order_day) OVER ({window} ORDER BY order_day),
        MIN(order_day) OVER ({window})
    FROM (
        SELECT {inner}, order_day, COUNT(*) AS orders, SUM({_UNITS}) AS units FROM orders
        WHERE status = 'valid' AND customer_id IS NOT NULL {named} AND {condition}
        GROUP BY {group}
    ) AS d
    ORDER BY order_day"""


def month_of(kind: str, column: str = "order_day") -> str:
    """Return the SQL of the first day of ``column``'s month (SQLite keeps days as text)."""
    if kind == "sqlite":
        return f"(SUBSTR({column}, 1, 7) || '-01')"
    return f"CAST(DATE_TRUNC('month', {column}) AS DATE)"


def _months(kind: str, condition: str) -> str:
    # A month's buyers: their first purchase day in it has its day before outside it; returning:
    # their first day over all history is before the month (the whole history's monthly series).
    month = month_of(kind)
    return f"""INSERT INTO month_totals (shop, month, orders, sales_units, buyers, returning_buyers,
        returning_units)
    SELECT t.shop, t.month, t.orders, t.sales_units, COALESCE(b.buyers, 0),
        COALESCE(b.returning_buyers, 0), COALESCE(b.returning_units, 0)
    FROM (
        SELECT shop, {month} AS month, SUM(orders) AS orders, SUM(sales_units) AS sales_units
        FROM day_totals WHERE {condition} GROUP BY shop, {month}
    ) AS t
    LEFT JOIN (
        SELECT shop, month,
            SUM(CASE WHEN prev_day IS NULL OR prev_day < month THEN 1 ELSE 0 END) AS buyers,
            SUM(CASE WHEN (prev_day IS NULL OR prev_day < month) AND first_day < month
                THEN 1 ELSE 0 END) AS returning_buyers,
            SUM(CASE WHEN first_day < month THEN units ELSE 0 END) AS returning_units
        FROM (
            SELECT shop, {month} AS month, units, prev_day, first_day FROM customer_days
            WHERE {condition}
        ) AS d
        GROUP BY shop, month
    ) AS b ON b.shop = t.shop AND b.month = t.month"""


def rebuild_statements(kind: str) -> list[str]:
    """Return the statements (DuckDB dialect) that recompute the kept tables from every order.

    ``kind``: the engine (``sqlite`` writes a month's first day as text).
    """
    return [
        *(f"DELETE FROM {table}" for table in DERIVED_TABLES),
        _day_totals("1 = 1"),
        _firsts("customer_firsts", "shop, customer_id", "1 = 1"),
        _firsts("store_customer_firsts", _STORE_KEYS, "1 = 1"),
        _days("customer_days", "", "1 = 1"),
        _days("store_customer_days", "store, ", "1 = 1"),
        _months(kind, "1 = 1"),  # from the two tables above: after them
    ]


def rebuild(engine: Engine) -> None:
    """Recompute the kept tables from every order (inside the caller's write transaction)."""
    for statement in rebuild_statements(engine.kind):
        engine.execute(statement)


def refresh(engine: Engine, shop: str) -> None:
    """Recompute the rows of the days and customers the writer just changed in ``shop``.

    Reads temp tables ``before`` (the changed ids' rows before the change) and ``incoming`` (the
    changed ids), inside the writer's transaction, after the effective orders were written.
    """
    engine.execute("DROP TABLE IF EXISTS touched")
    # The days and customers the changed orders had (before) or have now: nothing else moved.
    engine.execute(
        """CREATE TEMP TABLE touched AS
        SELECT customer_id, order_day FROM before
        UNION
        SELECT customer_id, order_day FROM orders
        WHERE shop = ? AND order_id IN (SELECT order_id FROM incoming)""",
        (shop,),
    )
    days = "order_day IN (SELECT DISTINCT order_day FROM touched)"
    customers = "customer_id IN (SELECT DISTINCT customer_id FROM touched WHERE customer_id IS NOT NULL)"
    engine.execute(f"DELETE FROM day_totals WHERE shop = ? AND {days}", (shop,))
    engine.execute(_day_totals(f"shop = ? AND {days}"), (shop,))
    for table, keys in (("customer_firsts", "shop, customer_id"), ("store_customer_firsts", _STORE_KEYS)):
        engine.execute(f"DELETE FROM {table} WHERE shop = ? AND {customers}", (shop,))
        engine.execute(_firsts(table, keys, f"shop = ? AND {customers}"), (shop,))
    # The months whose buyers may change: those of the changed days, and every month the changed
    # customers bought in before (their first day or days before and after may have moved; their
    # purchase days after the change are among these and the changed days).
    month = month_of(engine.kind)
    engine.execute("DROP TABLE IF EXISTS touched_months")
    engine.execute(
        f"""CREATE TEMP TABLE touched_months AS
        SELECT DISTINCT {month} AS month FROM touched
        UNION
        SELECT DISTINCT {month} AS month FROM customer_days WHERE shop = ? AND {customers}""",
        (shop,),
    )
    for table, store in (("customer_days", ""), ("store_customer_days", "store, ")):
        engine.execute(f"DELETE FROM {table} WHERE shop = ? AND {customers}", (shop,))
        engine.execute(_days(table, store, f"shop = ? AND {customers}"), (shop,))
    months = f"{month} IN (SELECT month FROM touched_months)"
    engine.execute(
        "DELETE FROM month_totals WHERE shop = ? AND month IN (SELECT month FROM touched_months)", (shop,)
    )
    engine.execute(_months(engine.kind, f"shop = ? AND {months}"), (shop, shop))
    engine.execute("DROP TABLE IF EXISTS touched_months")
    engine.execute("DROP TABLE IF EXISTS touched")


def ready(engine: Engine) -> bool:
    """Return True when the history keeps the tables (schema version 5 or later)."""
    row = engine.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return bool(row) and int(row[0]) >= DERIVED_FROM_VERSION  # type: ignore[index]
