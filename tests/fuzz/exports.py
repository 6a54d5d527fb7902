"""Seeded generator of mutated order exports whose correct reading is known.

Each case starts from clean canonical orders (customers, times, amounts in cents, statuses
including closed, unpaid and refunded, some orders with several product lines), writes them in a
real export layout (Taobao GBK CSV with ``="..."`` ids, Shopify line items with continuation rows,
UCI-like invoices, a Square transactions CSV with ``$8.00``, generic Chinese and English sheets,
``.xlsx`` via openpyxl) and applies mutations (header variants, encodings, delimiters, quoting,
wrapped ids, currency marks, thousands separators, decimal commas, blank lines and cells, huge
cells, non-finite amounts, mixed date formats, title and total rows, duplicated lines,
truncation, mixed numeric/text Excel cells, a status column under an unknown header).

Every row of the written table carries its fate (the order it belongs to, or the reason it must
be dropped), so the case knows the valid orders, their sales and customers and the dropped rows
per reason; or it knows the file must be refused with an ``InputError`` code. :func:`check_case`
loads a case and compares; pure and reusable (tests/fuzz/test_fuzz_exports.py,
benchmarks/fuzz_exports.py).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import random
from dataclasses import dataclass
from typing import Any

# A row that is dropped for a reason the case does not pin down (a total row, a cut line).
ANY_REASON = "*"
HUGE_CELL = 131_072


@dataclass
class Order:
    """One canonical order: amounts in cents per product line, status as the loader must read it."""

    order_id: str
    customer: str | None
    time: dt.datetime
    lines: list[tuple[str, int, int]]  # (product, quantity, unit price in cents)
    status: str  # "paid", "cancelled", "unpaid", "refunded"
    valid: bool = True

    @property
    def cents(self) -> int:
        return sum(q * p for _, q, p in self.lines)


@dataclass
class Row:
    """One written data row: its cells by field and what the loader must do with it.

    ``order`` is the order the row belongs to (None for rows that are no order's); ``drop`` the
    reason it must be dropped for on its own (None: it shares its order's fate).
    """

    cells: dict[str, Any]
    order: Order | None
    drop: str | None = None
    copy_of: Row | None = None  # a line exported twice: written exactly as its original


@dataclass
class Table:
    """A layout's header (field -> header name) and rows, before writing."""

    layout: str
    headers: dict[str, str]
    rows: list[Row]
    orders: list[Order]
    money_fields: tuple[str, ...] = ("amount",)
    chinese: bool = False


@dataclass(frozen=True)
class Expected:
    """What loading the case must give."""

    orders: int
    sales: float
    customers: int
    rows_read: int
    dropped: dict[str, int]
    flexible: int  # rows dropped for a reason the case does not pin down


@dataclass(frozen=True)
class Case:
    """One generated export: its name, bytes, the mutations applied and the expected outcome."""

    seed: int
    name: str
    data: bytes
    mutations: tuple[str, ...]
    expected: Expected | None
    refused: str | None = None  # the InputError code when the file must be refused

    @property
    def source(self) -> tuple[str, bytes]:
        return (self.name, self.data)


# ---------------------------------------------------------------- canonical orders

PRODUCTS = ("茶杯", "Mug", "T-shirt", "咖啡豆", "Notebook", "围巾", "Candle", "Socks", "酱油", "Lamp")


def make_orders(rng: random.Random, *, multi_line: float, statuses: bool) -> list[Order]:
    """Return 5-40 orders of 2-15 customers, some with several lines, some closed or unpaid."""
    customers = [f"c{rng.randrange(10_000, 99_999)}" for _ in range(rng.randint(2, 15))]
    start = dt.datetime(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
    orders = []
    used_ids: set[str] = set()
    for _ in range(rng.randint(5, 40)):
        while True:
            order_id = (
                str(rng.randrange(10**5, 10**6)) if rng.random() < 0.5 else str(rng.randrange(10**18, 10**19))
            )
            if order_id not in used_ids:
                used_ids.add(order_id)
                break
        n_lines = rng.randint(2, 4) if rng.random() < multi_line else 1
        lines = [
            (
                product,
                rng.randint(1, 5),
                rng.randrange(100, 200_000) if rng.random() < 0.9 else rng.randrange(100, 1000) * 100,
            )
            for product in rng.sample(PRODUCTS, n_lines)
        ]
        status = "paid"
        if statuses:
            status = rng.choices(["paid", "cancelled", "unpaid", "refunded"], [8, 1, 1, 1])[0]
        time = start + dt.timedelta(minutes=rng.randrange(60 * 24 * 90), seconds=rng.randrange(60))
        orders.append(Order(order_id, rng.choice(customers), time, lines, status, valid=status == "paid"))
    return orders


def order_rows(orders: list[Order], cells_of) -> list[Row]:
    return [Row(cells, order) for order in orders for cells in cells_of(order)]


# ---------------------------------------------------------------- layouts

TAOBAO_STATUS = {
    "paid": ["交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"],
    "cancelled": ["交易关闭"],
    "unpaid": ["等待买家付款"],
    "refunded": ["退款成功"],
}
EN_STATUS = {
    "paid": ["paid", "completed", "Complete", "wc-processing"],
    "cancelled": ["cancelled", "Canceled"],
    "unpaid": ["pending", "Pending payment"],
    "refunded": ["refunded"],
}
SHOPIFY_STATUS = {"paid": ["paid"], "cancelled": ["voided"], "unpaid": ["pending"], "refunded": ["refunded"]}


def _when(time: dt.datetime) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def taobao(rng: random.Random) -> Table:
    orders = make_orders(rng, multi_line=0.0, statuses=True)

    def cells(order: Order) -> list[dict[str, Any]]:
        return [
            {
                "order_id": order.order_id,
                "customer_id": order.customer,
                "order_time": _when(order.time - dt.timedelta(minutes=3)),
                "paid_time": "" if order.status == "unpaid" else _when(order.time),
                "amount": order.cents,
                "status": rng.choice(TAOBAO_STATUS[order.status]),
                "quantity": sum(q for _, q, _ in order.lines),
            }
        ]

    headers = {
        "order_id": "订单编号",
        "customer_id": "买家会员名",
        "order_time": "订单创建时间",
        "paid_time": "订单付款时间",
        "amount": "买家实际支付金额",
        "status": "订单状态",
        "quantity": "宝贝总数量",
    }
    return Table("taobao", headers, order_rows(orders, cells), orders, chinese=True)


def shopify(rng: random.Random) -> Table:
    orders = make_orders(rng, multi_line=0.4, statuses=True)
    for order in orders:
        order.order_id = f"#{1000 + orders.index(order)}"
        order.customer = f"{order.customer}@example.com" if order.customer else None

    def cells(order: Order) -> list[dict[str, Any]]:
        rows = []
        for i, (product, quantity, price) in enumerate(order.lines):
            row: dict[str, Any] = {
                "order_id": order.order_id,
                "customer_email": order.customer,
                "line_quantity": quantity,
                "line_name": product,
                "line_price": price,
                "fulfillment": rng.choice(["fulfilled", "pending", ""]),
            }
            if i == 0:
                row |= {
                    "financial_status": rng.choice(SHOPIFY_STATUS[order.status]),
                    "paid_time": "" if order.status == "unpaid" else _when(order.time) + " +0800",
                    "order_time": _when(order.time) + " +0800",
                    "amount": order.cents,
                }
            rows.append(row)
        return rows

    headers = {
        "order_id": "Name",
        "customer_email": "Email",
        "financial_status": "Financial Status",
        "paid_time": "Paid at",
        "order_time": "Created at",
        "amount": "Total",
        "line_quantity": "Lineitem quantity",
        "line_name": "Lineitem name",
        "line_price": "Lineitem price",
        "fulfillment": "Lineitem fulfillment status",
    }
    return Table("shopify", headers, order_rows(orders, cells), orders, money_fields=("amount", "line_price"))


def uci(rng: random.Random) -> Table:
    orders = make_orders(rng, multi_line=0.6, statuses=False)
    for order in orders:
        order.order_id = str(rng.randrange(500_000, 599_999))
    # Invoice numbers must stay unique after the re-draw.
    seen: set[str] = set()
    for order in orders:
        while order.order_id in seen:
            order.order_id = str(int(order.order_id) + 1)
        seen.add(order.order_id)

    def cells(order: Order) -> list[dict[str, Any]]:
        return [
            {
                "order_id": order.order_id,
                "stock": f"{PRODUCTS.index(product) + 20000}",
                "description": product,
                "quantity": quantity,
                "order_time": order.time.strftime("%m/%d/%Y %H:%M")
                if order.time.day > 12
                else _when(order.time),
                "unit_price": price,
                "customer_id": str(int(order.customer[1:])) if order.customer else "",
                "country": "United Kingdom",
            }
            for product, quantity, price in order.lines
        ]

    headers = {
        "order_id": "InvoiceNo",
        "stock": "StockCode",
        "description": "Description",
        "quantity": "Quantity",
        "order_time": "InvoiceDate",
        "unit_price": "UnitPrice",
        "customer_id": "CustomerID",
        "country": "Country",
    }
    rows = order_rows(orders, cells)
    # Cancellation invoices: C + number, negative quantity; never orders, but used as refund lines
    # (rows used, no drop reason: analytics/loading/refunds.py).
    for order in rng.sample(orders, k=min(2, len(orders))):
        row = dict(cells(order)[0])
        row["order_id"] = f"C{rng.randrange(500_000, 599_999)}"
        row["quantity"] = -row["quantity"]
        rows.insert(rng.randrange(len(rows) + 1), Row(row, None, None))
    return Table("uci", headers, rows, orders, money_fields=("unit_price",))


def square(rng: random.Random) -> Table:
    orders = make_orders(rng, multi_line=0.0, statuses=False)
    for order in orders:
        order.order_id = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(16))

    def cells(order: Order) -> list[dict[str, Any]]:
        return [
            {
                "date": order.time.strftime("%Y-%m-%d"),
                "time": order.time.strftime("%H:%M:%S"),
                "order_id": order.order_id,
                "customer_id": order.customer,
                "amount": order.cents,
                "event_type": "Payment",
            }
        ]

    headers = {
        "date": "Date",
        "time": "Time",
        "order_id": "Transaction ID",
        "customer_id": "Customer ID",
        "amount": "Net Sales",
        "event_type": "Event Type",
    }
    table = Table("square", headers, order_rows(orders, cells), orders)
    return table


GENERIC_HEADERS = {
    True: {
        "order_id": ["订单号", "订单编号", "单据号", "交易单号"],
        "customer_id": ["客户ID", "会员编号", "顾客", "买家ID"],
        "order_time": ["下单时间", "订单时间", "成交时间", "销售时间"],
        "amount": ["实付金额", "订单金额", "支付金额", "实收金额"],
        "status": ["订单状态", "交易状态", "状态"],
        "product": ["商品名称", "商品编码"],
    },
    False: {
        "order_id": ["Order ID", "order_id", "ORDER NUMBER", "Order No"],
        "customer_id": ["Customer ID", "customer_id", "CustomerID", "Buyer ID"],
        "order_time": ["Order Date", "created_at", "Order Time", "Purchase Date"],
        "amount": ["Amount Paid", "total", "Order Total", "Paid Amount"],
        "status": ["Order Status", "status", "STATUS"],
        "product": ["SKU", "Product Name", "Item Name"],
    },
}
# Headers the synonyms do not know, under which a status column must still be recognised.
UNKNOWN_STATUS_HEADERS = ("处理状态", "订单处理状态", "交易状态(新)", "State of order")


def generic(rng: random.Random) -> Table:
    chinese = rng.random() < 0.5
    line_items = rng.random() < 0.3
    orders = make_orders(rng, multi_line=0.5 if line_items else 0.0, statuses=True)
    statuses = TAOBAO_STATUS if chinese else EN_STATUS

    def cells(order: Order) -> list[dict[str, Any]]:
        status = rng.choice(statuses[order.status])
        return [
            {
                "order_id": order.order_id,
                "customer_id": order.customer,
                "order_time": _when(order.time),
                "amount": order.cents,
                "status": status,
                **({"product": product} if line_items else {}),
            }
            for product, _, _ in order.lines
        ]

    names = GENERIC_HEADERS[chinese]
    headers = {name: rng.choice(options) for name, options in names.items()}
    if not line_items:
        del headers["product"]
    table = Table(
        "generic-line" if line_items else "generic",
        headers,
        order_rows(orders, cells),
        orders,
        chinese=chinese,
    )
    return table


LAYOUTS = {"taobao": taobao, "shopify": shopify, "uci": uci, "square": square, "generic": generic}


# ---------------------------------------------------------------- money and date styles


def money_text(cents: int, style: str, mark: str = "¥") -> str:
    """Write an amount in cents the way the file's style says (one style per file and column)."""
    whole, frac = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    plain = f"{whole}.{frac:02d}"
    if style == "plain":
        return sign + plain
    if style == "short":  # 12.5, 12 (Python's own float text)
        return sign + (str(whole) if frac == 0 else f"{whole}.{frac:02d}".rstrip("0"))
    if style == "thousands":
        return sign + f"{whole:,}.{frac:02d}"
    if style == "decimal_comma":
        return sign + f"{whole:,}".replace(",", ".") + f",{frac:02d}"
    if style == "comma_only":
        return sign + f"{whole},{frac:02d}"
    if style == "currency":
        return sign + mark + f"{whole:,}.{frac:02d}"
    if style == "currency_after":
        return sign + plain + mark
    raise ValueError(style)


CURRENCY_MARKS = {
    "currency": ["¥", "￥", "$", "US$", "HK$", "CNY ", "USD", "RMB", "£", "€"],
    "currency_after": [" 元", "元", " CNY", " USD", "€"],
}
MONEY_STYLES = ("plain", "short", "thousands", "decimal_comma", "comma_only", "currency", "currency_after")


def date_text(time: dt.datetime, rng: random.Random, mixed: bool) -> str:
    if not mixed:
        return _when(time)
    return rng.choice(
        [
            _when(time),
            time.strftime("%Y/%m/%d %H:%M:%S"),
            f"{time.year}/{time.month}/{time.day} {time.hour}:{time.minute:02d}:{time.second:02d}",
            f"{time.year}年{time.month}月{time.day}日 {time.hour}时{time.minute}分{time.second}秒",
            time.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00",
            time.strftime("%Y.%m.%d %H:%M:%S"),
        ]
    )


# ---------------------------------------------------------------- writing


def _quote(cell: str, delimiter: str, quoting: str, raw_ok: bool) -> str:
    needs = delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell
    if raw_ok and not (delimiter in cell or "\n" in cell):
        return cell  # Taobao's ="..." written as is
    if needs or quoting == "all" or (quoting == "text" and cell and not cell.replace(".", "").isdigit()):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def render(texts: list[list[str]], delimiter: str, quoting: str, wrapped: set[int]) -> list[str]:
    """Write rows of cells as delimited lines; ``wrapped`` columns keep Taobao's ``="..."`` unquoted."""
    return [
        delimiter.join(
            _quote(cell, delimiter, quoting, raw_ok=i in wrapped and cell.startswith('="'))
            for i, cell in enumerate(row)
        )
        for row in texts
    ]


# ---------------------------------------------------------------- the case


class Builder:
    """Apply a case's mutations to a table, keeping each row's expected fate."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.mutations: list[str] = []

    def pick(self, name: str, probability: float) -> bool:
        hit = self.rng.random() < probability
        if hit:
            self.mutations.append(name)
        return hit


def _order_level(table: Table) -> bool:
    return table.layout in ("taobao", "square", "generic")


def _amount_field(table: Table) -> str:
    return "amount" if "amount" in table.headers else "unit_price"


def _mutate_orders(b: Builder, table: Table, *, xlsx: bool) -> None:
    """Spoil cells of some valid orders; the orders' expected fate follows the loader's precedence."""
    rng = b.rng
    # Cell-level mutations on valid orders (reasons follow the loader's precedence: status first).
    order_level = _order_level(table)
    amount_field = _amount_field(table)
    paid = [o for o in table.orders if o.valid]
    if paid and b.pick("non_finite_amount", 0.15):
        order = rng.choice(paid)
        for row in table.rows:
            if row.order is order and amount_field in row.cells:
                row.cells[amount_field] = rng.choice(
                    ["inf", "-inf", "nan", "Infinity", "NaN", "-Infinity", "INF"]
                )
                break
        order.valid = False
        order.status = "bad_amount"
    paid = [o for o in table.orders if o.valid]
    if paid and order_level and b.pick("huge_amount", 0.05):
        # Ten-billion amounts: finite, kept, and summed to the cent.
        order = rng.choice(paid)
        cents = rng.randrange(10**12, 10**13)
        order.lines = [(order.lines[0][0], 1, cents)]
        for row in table.rows:
            if row.order is order:
                row.cells[amount_field] = cents
    paid = [o for o in table.orders if o.valid]
    if paid and order_level and b.pick("blank_amount", 0.1):
        order = rng.choice(paid)
        for row in table.rows:
            if row.order is order:
                row.cells[amount_field] = ""
        order.valid = False
        order.status = "bad_amount"
    paid = [o for o in table.orders if o.valid]
    if paid and table.layout == "generic-line" and b.pick("value_error_cell", 0.4):
        # finding 3: one #VALUE! cell in an export repeating the order total on every line
        multi = [o for o in paid if len(o.lines) > 1] or paid
        order = rng.choice(multi)
        rows = [r for r in table.rows if r.order is order]
        rng.choice(rows).cells["amount"] = "#VALUE!"
        # In a workbook it is an error cell, read as empty: the total on the order's other lines stands.
        if not (xlsx and len(rows) > 1):
            order.valid = False
            order.status = "bad_amount"
    paid = [o for o in table.orders if o.valid]
    if paid and order_level and b.pick("blank_time", 0.1):
        order = rng.choice(paid)
        for row in table.rows:
            if row.order is order:
                row.cells["order_time"] = ""
                row.cells.pop("paid_time", None)
                if "date" in row.cells:
                    row.cells["date"] = ""
        order.valid = False
        order.status = "bad_date"
    if b.pick("blank_customer", 0.15):
        key = "customer_email" if "customer_email" in table.headers else "customer_id"
        order = rng.choice(table.orders)
        for row in table.rows:
            if row.order is order:
                row.cells[key] = ""
        order.customer = None
    if table.layout == "shopify" and b.pick("shopify_first_line_twice", 0.3):
        # finding 4: one order's first line appears twice, differing in its fulfillment status
        order = rng.choice(table.orders)
        at = next(i for i, r in enumerate(table.rows) if r.order is order)
        copy = dict(table.rows[at].cells)
        copy["fulfillment"] = {"fulfilled": "pending", "pending": "", "": "fulfilled"}[copy["fulfillment"]]
        table.rows.insert(at + 1, Row(copy, order))
    if b.pick("duplicated_lines", 0.15):
        for _ in range(rng.randint(1, 3)):
            candidates = [i for i, r in enumerate(table.rows) if r.order is not None and r.drop is None]
            at = rng.choice(candidates)
            original = table.rows[at]
            table.rows.insert(at + rng.randint(1, 3), Row(original.cells, None, "duplicate_row", original))


def build(seed: int) -> Case:
    """Return the case of ``seed``: a layout, its mutations, the bytes and the expected outcome."""
    b = Builder(seed)
    rng = b.rng
    layout = rng.choice([*LAYOUTS, "generic", "taobao", "shopify"])
    table = LAYOUTS[layout](rng)
    b.mutations.append(table.layout)
    xlsx = table.layout in ("generic", "generic-line", "taobao") and b.pick("xlsx", 0.2)

    _mutate_orders(b, table, xlsx=xlsx)

    # The status column under a header the synonyms do not know (finding 6).
    if "status" in table.headers and b.pick("unknown_status_header", 0.1):
        table.headers["status"] = rng.choice(UNKNOWN_STATUS_HEADERS)

    # Header variants: case, spaces, full-width letters.
    if b.pick("header_variants", 0.3):
        for key, name in table.headers.items():
            choice = rng.random()
            if name.isascii() and choice < 0.3:
                table.headers[key] = name.upper()
            elif name.isascii() and choice < 0.5:
                table.headers[key] = " " + name.lower() + " "
            elif choice < 0.6:
                table.headers[key] = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)

    # Money and date styles (per column, as real exports do).
    style = "plain"
    if b.pick("money_style", 0.6):
        style = rng.choice(MONEY_STYLES)
        b.mutations[-1] = f"money_{style}"
    mark = rng.choice(CURRENCY_MARKS[style]) if style in CURRENCY_MARKS else ""
    mixed_dates = b.pick("mixed_dates", 0.25) and table.layout not in ("square", "uci")
    wrapped_ids = table.layout == "taobao" or b.pick("wrapped_ids", 0.15)

    fields = list(table.headers)
    texts: list[list[str]] = []
    written: dict[int, list[str]] = {}
    for row in table.rows:
        if row.copy_of is not None:
            texts.append(list(written[id(row.copy_of)]))
            continue
        line = []
        for key in fields:
            value = row.cells.get(key, "")
            if isinstance(value, int) and key in table.money_fields:
                value = money_text(value, style, mark)
            elif isinstance(value, int):
                value = str(value)
            elif key in ("order_time",) and value and table.layout != "uci":
                value = (
                    date_text(dt.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S"), rng, mixed_dates)
                    + value[19:]
                )
            if key == "order_id" and wrapped_ids and value:
                value = f'="{value}"'
            line.append(value)
        texts.append(line)
        written[id(row)] = line
    header = [table.headers[key] for key in fields]

    # A huge cell (a buyer's note) near the top: beyond the csv module's field limit.
    if b.pick("huge_cell", 0.06):
        header.append("备注" if table.chinese else "Notes")
        size = rng.choice([HUGE_CELL + 10, 300_000])
        # On a line that is no copy and has none, so exact copies stay exact.
        copied = {id(r.copy_of) for r in table.rows if r.copy_of is not None}
        plain = [i for i, r in enumerate(table.rows) if r.copy_of is None and id(r) not in copied]
        at = plain[min(1, len(plain) - 1)] if plain else -1
        for i, line in enumerate(texts):
            line.append("x" * size if i == at else "")

    if xlsx:
        return _xlsx_case(b, table, header, texts, style)

    return _csv_case(b, table, header, texts, style, mark, wrapped_ids=wrapped_ids)


def _csv_case(
    b: Builder,
    table: Table,
    header: list[str],
    texts: list[list[str]],
    style: str,
    mark: str,
    *,
    wrapped_ids: bool,
) -> Case:
    """Write the table as delimited text, then add blank, total and title rows, truncate and encode."""
    rng = b.rng
    fields = list(table.headers)
    amount_field = _amount_field(table)
    order_level = _order_level(table)
    delimiter = ","
    if b.pick("delimiter", 0.4):
        delimiter = rng.choice([";", "\t", "|"])
    quoting = rng.choice(["minimal", "minimal", "all", "text"])
    wrapped_cols = {fields.index("order_id")} if wrapped_ids and "order_id" in fields else set()
    line_rows: list[Row | None] = list(table.rows)
    lines = render(texts, delimiter, quoting, wrapped_cols)
    header_line = render([header], delimiter, "minimal" if quoting == "text" else quoting, set())[0]

    # An unquoted decimal comma in a comma-delimited file shifts that row's fields: refused.
    refused = None
    if (
        delimiter == ","
        and amount_field in fields
        and b.pick("unquoted_comma", 0.5 if "comma" in style else 0.0)
    ):
        column = fields.index(amount_field)
        shifted = [i for i, line in enumerate(texts) if "," in line[column] and line[-1]]
        if shifted:
            i = rng.choice(shifted)
            lines[i] = delimiter.join(texts[i])
            refused = "io.row_too_wide"
    # Blank lines and lines of empty fields between rows.
    if b.pick("blank_lines", 0.15):
        for _ in range(rng.randint(1, 3)):
            # Between rows: a blank "line" after the last one would just be its line break.
            at = rng.randrange(1, max(2, len(lines)))
            lines.insert(at, rng.choice(["", delimiter * (len(header) - 1)]))
            line_rows.insert(at, Row({}, None, "blank_row"))
    # A total row at the bottom: no order's, dropped for whatever reason fits it.
    if b.pick("total_row", 0.15):
        total = sum(o.cents for o in table.orders)
        cells = [""] * len(header)
        cells[0] = "合计" if table.chinese else "Total"
        if amount_field in fields:
            cells[fields.index(amount_field)] = money_text(total, style, mark)
        lines.append(render([cells], delimiter, quoting, set())[0])
        line_rows.append(Row({}, None, ANY_REASON))
    # Truncation: the export stopped early (whole lines lost, or the last line cut after its first field).
    if refused is None and b.pick("truncated", 0.1):
        keep = rng.randint(max(1, len(lines) // 2), len(lines))
        lines, line_rows = lines[:keep], line_rows[:keep]
        cut_order = line_rows[-1].order if line_rows[-1] is not None else None
        single = cut_order is not None and sum(r is not None and r.order is cut_order for r in line_rows) == 1
        if order_level and single and rng.random() < 0.5 and delimiter in lines[-1]:
            lines[-1] = lines[-1][: lines[-1].index(delimiter) + 1]
            line_rows[-1] = Row({}, None, ANY_REASON)
            cut_order.valid = False
        _keep_only(table, line_rows)
    prefix: list[str] = []
    if b.pick("title_rows", 0.15):
        prefix = [
            "店铺订单报表" if table.chinese else "Orders report",
            "导出时间: 2025-06-01 10:00" if table.chinese else "Exported: 2025-06-01",
        ]
    ending = rng.choice(["\n", "\r\n"])
    final_newline = not b.pick("no_final_newline", 0.3)
    if not final_newline and lines and lines[-1] == "":
        # Without a final line break, an empty last line is no line: only the previous one's break.
        lines, line_rows = lines[:-1], line_rows[:-1]
    text = ending.join([*prefix, header_line, *lines])
    if final_newline:
        text += ending
    if b.pick("header_only", 0.01):
        text, refused, line_rows = ending.join([*prefix, header_line]) + ending, "loading.no_data_rows", []
    data = _encode(b, text, table.chinese)
    name = rng.choice(["orders.csv", "export.txt", "订单.csv", "data"])
    return _case(b, name, data, table, line_rows, refused)


def _keep_only(table: Table, kept: list[Row | None]) -> None:
    """After truncation: orders without a row left are gone; a UCI order loses its lost lines' amounts.

    (Shopify and repeated-total orders keep their total: it is on the first line, which stays.)
    """
    present = {id(r.order) for r in kept if r is not None and r.order is not None}
    table.orders[:] = [o for o in table.orders if id(o) in present]
    if table.layout == "uci":
        for order in table.orders:
            kept_lines = {
                r.cells["description"] for r in kept if r is not None and r.order is order and r.drop is None
            }
            order.lines = [line for line in order.lines if line[0] in kept_lines]


def _encode(b: Builder, text: str, chinese: bool) -> bytes:
    rng = b.rng
    options = ["utf-8", "utf-8-sig", "double-bom", "gb18030", "utf-16"]
    encoding = "gb18030" if chinese and rng.random() < 0.5 else "utf-8"
    if b.pick("encoding", 0.4):
        encoding = rng.choice(options)
        b.mutations[-1] = f"encoding_{encoding}"
    if encoding == "double-bom":
        return (codecs.BOM_UTF8 * 2) + text.encode("utf-8")
    if encoding == "gb18030":
        return text.encode("gb18030")
    return text.encode(encoding)


def _xlsx_case(b: Builder, table: Table, header: list[str], texts: list[list[str]], style: str) -> Case:
    """Write the table as an .xlsx: amounts as numbers, some as text (finding 5), ids as numbers or text."""
    import openpyxl

    rng = b.rng
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = rng.choice(["Sheet1", "订单", "Orders"])
    if b.pick("title_rows", 0.2):
        sheet.append(["店铺订单报表"])
    sheet.append(header)
    fields = list(table.headers)
    text_amounts = b.pick("xlsx_text_amounts", 0.5)
    comma = rng.random() < 0.5
    written: dict[int, list[Any]] = {}
    for row, line in zip(table.rows, texts, strict=True):
        if row.copy_of is not None:
            sheet.append(written[id(row.copy_of)])
            continue
        values: list[Any] = list(line)
        for key in ("amount",):
            if key in fields and isinstance(row.cells.get(key), int):
                cents = row.cells[key]
                if text_amounts and rng.random() < 0.4:
                    values[fields.index(key)] = money_text(cents, "comma_only" if comma else "plain")
                else:
                    values[fields.index(key)] = cents / 100
        if "order_id" in fields:
            raw = row.cells.get("order_id", "")
            if raw.isdigit() and len(raw) < 15 and rng.random() < 0.5:
                values[fields.index("order_id")] = int(raw)
            else:
                values[fields.index("order_id")] = raw
        if "order_time" in fields and row.cells.get("order_time") and rng.random() < 0.5:
            values[fields.index("order_time")] = dt.datetime.strptime(
                row.cells["order_time"][:19], "%Y-%m-%d %H:%M:%S"
            )
        written[id(row)] = [None if v == "" else v for v in values]
        sheet.append(written[id(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return _case(
        b, rng.choice(["orders.xlsx", "订单.xlsx"]), buffer.getvalue(), table, list(table.rows), None
    )


def _case(
    b: Builder, name: str, data: bytes, table: Table, line_rows: list[Row | None], refused: str | None
) -> Case:
    if refused is not None:
        return Case(b.seed, name, data, tuple(b.mutations), None, refused)
    dropped: dict[str, int] = {}
    flexible = 0
    rows_read = len(line_rows)
    for row in line_rows:
        reason = row.drop if row is not None else ANY_REASON
        if reason is None and row is not None and row.order is not None and not row.order.valid:
            reason = row.order.status
        if reason == ANY_REASON:
            flexible += 1
        elif reason is not None:
            dropped[reason] = dropped.get(reason, 0) + 1
    valid = [o for o in table.orders if o.valid and any(r is not None and r.order is o for r in line_rows)]
    expected = Expected(
        orders=len(valid),
        sales=round(sum(o.cents for o in valid) / 100, 2),
        customers=len({o.customer for o in valid if o.customer}),
        rows_read=rows_read,
        dropped=dropped,
        flexible=flexible,
    )
    return Case(b.seed, name, data, tuple(b.mutations), expected)


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class Outcome:
    """How a case went: ``ok``, ``refused`` (as expected), or ``wrong`` with what differed."""

    status: str
    detail: str = ""


def check_case(case: Case) -> Outcome:
    """Load a case and compare with what it expects; an unexpected exception propagates (a traceback)."""
    from analytics.errors import InputError
    from analytics.loading import load_orders

    try:
        load = load_orders([case.source])
    except InputError as error:
        if case.refused is not None and error.code == case.refused:
            return Outcome("refused")
        if case.refused is not None:
            return Outcome("wrong", f"refused with {error.code}, expected {case.refused}")
        return Outcome("wrong", f"refused with {error.code}: {error}")
    if case.refused is not None:
        return Outcome("wrong", f"read, expected refusal {case.refused}")
    exp = case.expected
    assert exp is not None
    got = load.to_dict()
    problems = []
    if load.rows_read != load.rows_used + sum(load.dropped.values()):
        problems.append("row accounting broken")
    if got["rows_read"] != exp.rows_read:
        problems.append(f"rows_read {got['rows_read']} != {exp.rows_read}")
    if got["orders"] != exp.orders:
        problems.append(f"orders {got['orders']} != {exp.orders}")
    if abs(got["sales"] - exp.sales) > 0.011:
        problems.append(f"sales {got['sales']} != {exp.sales}")
    if got["customers"] != exp.customers:
        problems.append(f"customers {got['customers']} != {exp.customers}")
    dropped = got["dropped"]
    for reason, rows in exp.dropped.items():
        if dropped.get(reason, 0) < rows or dropped.get(reason, 0) > rows + exp.flexible:
            problems.append(f"dropped {reason} {dropped.get(reason, 0)} != {rows}")
    if sum(dropped.values()) != sum(exp.dropped.values()) + exp.flexible:
        problems.append(f"dropped {dropped} != {exp.dropped} + {exp.flexible} any")
    return Outcome("wrong", "; ".join(problems)) if problems else Outcome("ok")
