"""Generate the seeded demo exports in sample_data/: Taobao orders, Shopify orders, members, campaign.

Run ``python sample_data/generate.py [--out DIR] [--customers N] [--seed S]``; the defaults write the
committed files. Output is deterministic: the same arguments give byte-identical files (the xlsx
zip entries and document properties carry a fixed timestamp).

The Taobao shop is simulated customer by customer: each customer has a latent purchase rate
(gamma-distributed, plus a few loyal heavy buyers), an acquisition day, a lifetime after which they
stop buying (churn) and a personal spend level (lognormal order amounts). Purchases follow a
Poisson process whose intensity follows the shopping calendar (Chinese New Year dip, 618 and
双11 peaks, 双12). A care-SMS campaign with a known, injected effect runs from
:data:`CAMPAIGN_START` for :data:`CAMPAIGN_DAYS` days: lapsing customers are assigned at random to
treatment or control *before* the window's orders are simulated, then within the window control
customers buy with probability :data:`BASELINE_CONVERSION` and treated customers with
``BASELINE_CONVERSION + CONVERSION_UPLIFT``. The truth is written to ``campaign_truth.json``.

All personal data (nicknames, Alipay accounts, names, addresses, phones, e-mails) is fake and
masked; it exists to prove that the app keeps it out of its frames.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

OUT_DIR = Path(__file__).resolve().parent
SEED = 20250618
TAOBAO_CUSTOMERS = 8000
SHOPIFY_CUSTOMERS = 900

YEAR_START = pd.Timestamp("2025-01-01")
YEAR_DAYS = 365
# The back office export is taken the morning after the year ends: recent orders are still open.
EXPORT_TIME = pd.Timestamp("2026-01-01 09:30:00")
SHOP_NAME = "小雨家居旗舰店"
SHOP_ID = "573018264"

# Campaign design and the injected truth (documented in README.md and campaign_truth.json).
CAMPAIGN_START = pd.Timestamp("2025-10-15")
CAMPAIGN_DAYS = 14
LAPSE_DAYS = 60  # eligible: bought before the start, but not in the 60 days before it
TREATMENT_LABEL = "实验组"
CONTROL_LABEL = "对照组"
BASELINE_CONVERSION = 0.06  # P(valid order in the window) for a lapsing control customer
CONVERSION_UPLIFT = 0.06  # added for treated customers: 6 percentage points
SECOND_PURCHASE_PROB = 0.20  # a converter buys on a second (random) window day with this probability
SPLIT_ORDER_PROB = 0.05  # any valid order gets a same-day split order with this probability

# Order amounts (CNY actually paid): log amount = customer level + order noise.
SPEND_MEDIAN = 130.0
CUSTOMER_SPEND_SIGMA = 0.35
ORDER_SPEND_SIGMA = 0.45
EXPECTED_ORDER_AMOUNT = SPEND_MEDIAN * math.exp((CUSTOMER_SPEND_SIGMA**2 + ORDER_SPEND_SIGMA**2) / 2)
EXPECTED_ORDERS_PER_CONVERTER = (1 + SECOND_PURCHASE_PROB) * (1 + SPLIT_ORDER_PROB)
EXPECTED_SPEND_UPLIFT = CONVERSION_UPLIFT * EXPECTED_ORDERS_PER_CONVERTER * EXPECTED_ORDER_AMOUNT

TAOBAO_COLUMNS: tuple[str, ...] = (
    "订单编号",
    "买家会员名",
    "买家支付宝账号",
    "买家应付货款",
    "买家应付邮费",
    "买家支付积分",
    "总金额",
    "返点积分",
    "买家实际支付金额",
    "买家实际支付积分",
    "订单状态",
    "买家留言",
    "收货人姓名",
    "收货地址",
    "运送方式",
    "联系电话",
    "联系手机",
    "订单创建时间",
    "订单付款时间",
    "宝贝标题",
    "宝贝种类",
    "物流单号",
    "物流公司",
    "订单备注",
    "宝贝总数量",
    "店铺Id",
    "店铺名称",
    "订单关闭原因",
    "卖家服务费",
    "买家服务费",
    "发票抬头",
    "是否手机订单",
    "分阶段订单信息",
    "特权订金订单id",
    "定金排名",
    "修改后的sku",
    "修改后的收货地址",
    "异常信息",
    "天猫卡券抵扣",
    "集分宝抵扣",
    "是否是O2O交易",
)
SHOPIFY_COLUMNS: tuple[str, ...] = (
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
)
# Columns Shopify fills only on an order's first line; continuation lines repeat Name and Created at.
SHOPIFY_LINE_COLUMNS: tuple[str, ...] = (
    "Name",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Vendor",
    "Lineitem discount",
)
MEMBER_COLUMNS: tuple[str, ...] = ("会员名", "会员等级", "入会时间", "手机号")
CAMPAIGN_COLUMNS: tuple[str, ...] = ("客户昵称", "分组", "活动开始")
TIERS: tuple[str, ...] = ("普通会员", "高级会员", "VIP会员", "至尊VIP会员")
TIER_SHARES: tuple[float, ...] = (0.60, 0.25, 0.11, 0.04)  # of members, low to high
MEMBER_SHARE_OF_BUYERS = 0.55

STATE_SUCCESS = "交易成功"
STATE_SHIPPED = "卖家已发货，等待买家确认"
STATE_PAID = "买家已付款，等待卖家发货"
STATE_UNPAID = "等待买家付款"
STATE_CLOSED = "交易关闭"
CLOSED_SHARE = 0.03  # of valid orders, added as closed attempts
UNPAID_SHARE = 0.012

# A fixed timestamp for xlsx zip entries and document properties, so reruns are byte-identical.
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_DOC_TIME = "2026-01-01T00:00:00Z"

# Word lists for fake but plausible values.
_CN_WORDS = np.array(
    [
        "小雨",
        "阿杰",
        "木子",
        "星星",
        "糖糖",
        "橙子",
        "小鱼儿",
        "大白",
        "可乐",
        "豆豆",
        "猫咪",
        "夏天",
        "月亮",
        "阿狸",
        "兔子",
        "花花",
        "晴天",
        "云朵",
        "小熊",
        "桃子",
        "柠檬",
        "奶茶",
        "布丁",
        "芒果",
        "西瓜",
        "饭团",
        "小米",
        "青柠",
        "暖阳",
        "微风",
    ]
)
_PINYIN = np.array(
    [
        "xiaoyu",
        "ajie",
        "muzi",
        "xingxing",
        "tangtang",
        "chengzi",
        "dabai",
        "kele",
        "doudou",
        "maomi",
        "xiatian",
        "yueliang",
        "wangfang",
        "lihua",
        "zhangwei",
        "liuyang",
        "chenjing",
        "zhaolei",
        "huangmin",
        "zhouqi",
        "sunli",
        "wuhao",
        "zhengshuang",
        "linfeng",
        "heyan",
    ]
)
_CN_PHRASES = np.array(
    [
        "爱吃鱼的猫",
        "快乐小当家",
        "今天也要加油",
        "安静的美男子",
        "一只小可爱",
        "吃货本货",
        "追风少年",
        "慢慢来",
        "向日葵",
        "隔壁老王",
        "努力的小孩",
        "温柔的风",
    ]
)
_SURNAMES = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"))
_GIVEN = np.array(list("伟芳娜敏静丽强磊洋艳勇军杰娟涛明超霞平刚"))
_REGIONS = np.array(
    [
        ("浙江省", "杭州市", "西湖区", "310000"),
        ("浙江省", "宁波市", "鄞州区", "315100"),
        ("上海", "上海市", "浦东新区", "200120"),
        ("北京", "北京市", "朝阳区", "100020"),
        ("广东省", "广州市", "天河区", "510620"),
        ("广东省", "深圳市", "南山区", "518052"),
        ("江苏省", "南京市", "鼓楼区", "210008"),
        ("江苏省", "苏州市", "姑苏区", "215000"),
        ("四川省", "成都市", "武侯区", "610041"),
        ("湖北省", "武汉市", "洪山区", "430070"),
        ("山东省", "青岛市", "市南区", "266000"),
        ("福建省", "厦门市", "思明区", "361000"),
        ("湖南省", "长沙市", "岳麓区", "410006"),
        ("陕西省", "西安市", "雁塔区", "710061"),
        ("河南省", "郑州市", "金水区", "450000"),
    ]
)
_FAKE_STREETS = np.array(["示例路", "测试街", "样本大道", "演示巷", "虚构路"])
_TAOBAO_PRODUCTS = np.array(
    [
        "北欧风陶瓷马克杯",
        "纯棉四件套床上用品",
        "加厚珊瑚绒毛毯",
        "日式实木收纳盒",
        "硅藻泥浴室脚垫",
        "304不锈钢保温杯",
        "简约玻璃花瓶摆件",
        "乳胶枕头护颈枕",
        "可折叠脏衣篮",
        "北欧风抱枕套",
        "香薰蜡烛礼盒",
        "厨房置物架",
        "竹纤维毛巾三条装",
        "真空压缩收纳袋",
        "LED小夜灯",
        "餐具碗碟套装",
        "桌面收纳架",
        "防滑衣架20个装",
    ]
)
_BUYER_NOTES = np.array(["请尽快发货", "周末送货", "不要放快递柜", "送人的，请不要放发票", "颜色要浅一点"])
_CLOSE_REASONS_UNPAID = np.array(["买家不想买了", "未及时付款", "其他原因", "买家信息填写错误，重新拍"])
_CLOSE_REASONS_PAID = np.array(["退款", "卖家缺货", "买家不想买了"])
_CARRIERS = np.array(["中通快递", "圆通速递", "韵达快递", "顺丰速运"])


@dataclass(frozen=True)
class TaobaoSample:
    """The simulated Taobao shop: its export rows, customers, members and campaign."""

    orders: pd.DataFrame  # export rows in the 41 Taobao columns (strings and numbers)
    members: pd.DataFrame
    campaign: pd.DataFrame
    truth: dict


# ----------------------------------------------------------------------------------------------
# Shared helpers


def _masked_mobile(rng: np.random.Generator, n: int) -> np.ndarray:
    """Return masked mainland mobile numbers like ``138****1234`` (never a real, dialable number)."""
    prefix = rng.choice(np.array(["130", "135", "138", "139", "150", "158", "177", "186", "189"]), n)
    tail = rng.integers(0, 10_000, n)
    return np.char.add(np.char.add(prefix, "****"), np.char.zfill(tail.astype(str), 4))


def _hours(rng: np.random.Generator, n: int) -> np.ndarray:
    """Draw hours of day with the evening-heavy profile of online shopping."""
    weights = np.array(
        [3, 1.5, 0.8, 0.4, 0.3, 0.3, 0.6, 1.5, 2.5, 4, 5, 5, 4.5, 4.5, 5, 5, 4.5, 4, 4, 5, 6.5, 7.5, 7, 5]
    )
    return rng.choice(24, n, p=weights / weights.sum())


def _money(values: np.ndarray) -> np.ndarray:
    """Round money to cents."""
    return np.round(np.asarray(values, dtype=float), 2)


def _unique_nicknames(rng: np.random.Generator, n: int) -> np.ndarray:
    """Draw ``n`` distinct Taobao-style nicknames: tb_小雨123, xiaoyu_1988, tb1234567890, 爱吃鱼的猫7."""
    pattern = rng.choice(4, n, p=[0.35, 0.30, 0.15, 0.20])
    digits3 = np.char.zfill(rng.integers(0, 1000, n).astype(str), 3)
    year = rng.integers(1975, 2006, n).astype(str)
    candidates = np.select(
        [pattern == 0, pattern == 1, pattern == 2],
        [
            np.char.add(np.char.add("tb_", rng.choice(_CN_WORDS, n)), digits3),
            np.char.add(np.char.add(rng.choice(_PINYIN, n), "_"), year),
            np.char.add("tb", rng.integers(100_000_000, 10_000_000_000, n).astype(str)),
        ],
        default=np.char.add(rng.choice(_CN_PHRASES, n), rng.integers(1, 100, n).astype(str)),
    )
    names = pd.Series(candidates, dtype=object)
    # Duplicated draws get a letter suffix (a, b, ..., z, aa, ...): every draw ends in a digit, so a
    # suffixed name can never equal another draw.
    rank = names.groupby(names).cumcount()
    letters = pd.Series(np.array(list("abcdefghijklmnopqrstuvwxyz"), dtype=object)[(rank - 1) % 26])
    suffix = letters * ((rank - 1) // 26 + 1)
    names = names.where(rank == 0, names + suffix)
    return names.to_numpy(dtype=object)


def _normalise_xlsx(data: bytes, *, sheet_rows: bytes = b"") -> bytes:
    """Rewrite an xlsx zip with fixed entry timestamps and document dates, for byte-identical reruns.

    ``sheet_rows``: the rows of the (one, empty) sheet, put into its ``<sheetData>``.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_DOC_TIME.encode() + rb"\g<3>",
                    content,
                )
            if sheet_rows and info.filename == "xl/worksheets/sheet1.xml":
                empty = b"<sheetData></sheetData>"
                assert content.count(empty) == 1, "the sheet was expected to be empty"
                content = content.replace(empty, b"<sheetData>" + sheet_rows + b"</sheetData>")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return buffer.getvalue()


def write_xlsx(path: Path, frame: pd.DataFrame, *, sheet: str) -> None:
    """Write ``frame`` as a one-sheet xlsx: string columns as text cells, numbers as numbers, NA empty.

    Text starting with = + - @ is prefixed with an apostrophe, as in every file the project writes.
    """
    workbook = Workbook(write_only=True)
    workbook.create_sheet(sheet)
    columns = []
    for name in frame.columns:
        values = frame[name].astype(object).where(frame[name].notna(), None)
        columns.append([name, *values.map(_escape_formula)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl writes the empty sheet and the rest of the package; the rows are spliced in as it
    # would write them (_sheet_rows): appending 17,600 rows through openpyxl took ~15 s of the
    # generator's ~20, the same bytes this way take well under a second.
    rows = _sheet_rows(columns).encode()
    path.write_bytes(_normalise_xlsx(buffer.getvalue(), sheet_rows=rows))


def _xml_cell(ref: str, value: object) -> str:
    """Return one cell as openpyxl's write-only sheet writes it ('' for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = value[:32767]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise ValueError(f"{value!r} cannot be used in worksheets")
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if len(value) > 1 and value.startswith("="):  # a formula to openpyxl: escaped before here
            raise ValueError(f"{value!r} would be a formula")
        if value in ERROR_CODES:  # openpyxl writes these texts as error cells
            return f'<c r="{ref}" t="e"><v>{text}</v></c>'
        if value == "":
            return f'<c r="{ref}" t="inlineStr" />'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # NaN (a blank that reached openpyxl as a float, as in the committed files) is an empty
        # number cell, as openpyxl writes it.
        number = f"{value:.16g}" if math.isfinite(value) else ""
        return f'<c r="{ref}" t="n"><v>{number}</v></c>' if number else f'<c r="{ref}" t="n"><v /></c>'
    # The generator writes text, numbers and blanks only: anything else is a bug here.
    raise TypeError(f"no xlsx cell for {value!r}")


def _sheet_rows(columns: list[list[object]]) -> str:
    """Return the ``<sheetData>`` rows of ``columns`` (header first) as openpyxl would write them."""
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    rows = []
    for number, row in enumerate(zip(*columns, strict=True), start=1):
        cells = "".join(
            _xml_cell(f"{letter}{number}", value) for letter, value in zip(letters, row, strict=True)
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    return "".join(rows)


def _escape_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula (= + - @) with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _csv_field(values: pd.Series) -> pd.Series:
    """Quote CSV fields that need it (comma, quote, newline); NA becomes an empty field.

    Text starting with = + - @ gets an apostrophe so a spreadsheet never runs it as a formula.
    """
    text = values.astype(object).where(values.notna(), "").astype(str)
    text = text.where(~text.str.match(r"[=+\-@]"), "'" + text)  # no formulas in files we write
    needs_quotes = text.str.contains(r'[",\r\n]', regex=True)
    quoted = '"' + text.str.replace('"', '""', regex=False) + '"'
    return text.where(~needs_quotes, quoted)


def write_csv(
    path: Path,
    frame: pd.DataFrame,
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    excel_text_columns: tuple[str, ...] = (),
) -> None:
    """Write ``frame`` as CSV; ``excel_text_columns`` are written ``="..."`` as Taobao does for long numbers.

    The ``="..."`` wrapper is the Taobao back office's own way of keeping 19-digit order numbers
    as text in Excel; it is reproduced on purpose because the app must read it.
    """
    fields = []
    for name in frame.columns:
        values = frame[name]
        if name in excel_text_columns:
            raw = values.astype(object).where(values.notna(), "").astype(str)
            fields.append(('="' + raw + '"').where(raw != "", ""))
        else:
            fields.append(_csv_field(values))
    header = ",".join(_csv_field(pd.Series(list(frame.columns))).tolist())
    lines = fields[0].str.cat(fields[1:], sep=",") if len(frame) else pd.Series([], dtype=object)
    text = newline.join([header, *lines.tolist()]) + newline
    path.write_bytes(text.encode(encoding))


# ----------------------------------------------------------------------------------------------
# Taobao shop simulation


def shopping_calendar() -> np.ndarray:
    """Return the relative purchase intensity of each day of 2025 (1.0 = an ordinary day).

    Chinese New Year (29 Jan) slows orders; 618 (18 Jun) and 双11 (11 Nov, with its pre-sale from
    20 Oct) are the peaks, 双12 a small one.
    """
    day = np.arange(YEAR_DAYS, dtype=float)

    def doy(date: str) -> int:
        return (pd.Timestamp(date) - YEAR_START).days

    intensity = np.ones(YEAR_DAYS)
    intensity[doy("2025-01-22") : doy("2025-02-09")] = 0.5
    intensity += 0.4 * ((day >= doy("2025-06-01")) & (day < doy("2025-06-18")))
    intensity += 3.0 * np.exp(-(((day - doy("2025-06-18")) / 1.5) ** 2))
    intensity += 0.5 * ((day >= doy("2025-10-20")) & (day < doy("2025-11-11")))
    intensity += 7.0 * np.exp(-(((day - doy("2025-11-11")) / 1.2) ** 2))
    intensity += 1.5 * np.exp(-(((day - doy("2025-12-12")) / 1.0) ** 2))
    return intensity


def _poisson_days(
    rng: np.random.Generator,
    rate_per_day: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    calendar: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Simulate each customer's purchase days on [start, end) by thinning a homogeneous process.

    Returns (customer index, integer day) per purchase.
    """
    duration = np.clip(end - start, 0, None)
    peak = calendar.max()
    counts = rng.poisson(rate_per_day * peak * duration)
    customer = np.repeat(np.arange(len(rate_per_day)), counts)
    time = start[customer] + rng.random(customer.size) * duration[customer]
    day = np.minimum(np.floor(time).astype(int), YEAR_DAYS - 1)
    keep = rng.random(customer.size) < calendar[day] / peak
    return customer[keep], day[keep]


def _customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Draw the latent customer population: purchase rate, acquisition, lifetime, spend level."""
    loyal = rng.random(n) < 0.01
    # Orders per year: gamma (shape < 1: most buy rarely, a long tail buys often); loyal: 15-30.
    rate_per_year = np.where(loyal, rng.uniform(15, 30, n), rng.gamma(0.55, 2.3 / 0.55, n))
    existing = loyal | (rng.random(n) < 0.45)  # customers from before the year, no acquisition order
    birth = np.where(existing, 0.0, rng.uniform(0, YEAR_DAYS, n))
    lifetime = np.where(loyal, np.inf, rng.exponential(160.0, n))
    return pd.DataFrame(
        {
            "nickname": _unique_nicknames(rng, n),
            "rate_per_day": rate_per_year / 365.0,
            "existing": existing,
            "loyal": loyal,
            "birth": birth,
            "death": np.minimum(birth + lifetime, YEAR_DAYS),
            "spend_log_level": np.log(SPEND_MEDIAN) + rng.normal(0, CUSTOMER_SPEND_SIGMA, n),
        }
    )


def _background_purchases(
    rng: np.random.Generator, customers: pd.DataFrame, calendar: np.ndarray, lo: float, hi: float
) -> pd.DataFrame:
    """Simulate purchase days in [lo, hi): acquisition purchases plus the Poisson process."""
    birth = customers.birth.to_numpy()
    start = np.clip(birth, lo, hi)
    end = np.clip(customers.death.to_numpy(), lo, hi)
    customer, day = _poisson_days(rng, customers.rate_per_day.to_numpy(), start, end, calendar)
    acquired = np.flatnonzero(~customers.existing.to_numpy() & (birth >= lo) & (birth < hi))
    return pd.DataFrame(
        {
            "customer": np.concatenate([acquired, customer]),
            "day": np.concatenate([np.floor(birth[acquired]).astype(int), day]),
        }
    )


def simulate_taobao(customer_count: int, seed: int) -> TaobaoSample:
    """Simulate the Taobao shop for 2025 and return its export rows, members, campaign and truth."""
    rng = np.random.default_rng([seed, 1])
    calendar = shopping_calendar()
    customers = _customers(rng, customer_count)
    campaign_day = (CAMPAIGN_START - YEAR_START).days
    window_end = campaign_day + CAMPAIGN_DAYS

    # Phase 1: everything before the campaign starts.
    before = _background_purchases(rng, customers, calendar, 0, campaign_day)
    last_day = before.groupby("customer").day.max()
    eligible = np.sort(last_day.index[last_day < campaign_day - LAPSE_DAYS].to_numpy())

    # Assign the campaign before any window order exists: complete randomisation, half each.
    shuffled = rng.permutation(eligible)
    treated = np.sort(shuffled[: len(shuffled) // 2])
    control = np.sort(shuffled[len(shuffled) // 2 :])

    # Phase 2: the rest of the year; eligible customers' window behaviour is set by the design.
    after = _background_purchases(rng, customers, calendar, campaign_day, YEAR_DAYS)
    in_window = after.day.between(campaign_day, window_end - 1)
    after = after[~(in_window & after.customer.isin(eligible))]
    p_convert = np.concatenate(
        [
            np.full(len(control), BASELINE_CONVERSION),
            np.full(len(treated), BASELINE_CONVERSION + CONVERSION_UPLIFT),
        ]
    )
    arm = np.concatenate([control, treated])
    converters = arm[rng.random(arm.size) < p_convert]
    second = converters[rng.random(converters.size) < SECOND_PURCHASE_PROB]
    window_customers = np.concatenate([converters, second])
    window = pd.DataFrame(
        {
            "customer": window_customers,
            "day": campaign_day + rng.integers(0, CAMPAIGN_DAYS, window_customers.size),
        }
    )
    valid = pd.concat(
        [
            before.assign(gift_allowed=True),
            after.assign(gift_allowed=True),
            window.assign(gift_allowed=False),
        ],
        ignore_index=True,
    )
    valid = _add_split_orders(rng, valid)

    rows = _taobao_rows(rng, customers, valid)
    campaign = _campaign_frame(customers, treated, control)
    members = _members_frame(rng, customers, valid)
    truth = _campaign_truth(customers, rows, treated, control)
    return TaobaoSample(orders=rows, members=members, campaign=campaign, truth=truth)


def _add_split_orders(rng: np.random.Generator, valid: pd.DataFrame) -> pd.DataFrame:
    """Give some orders a same-day sibling (the buyer checked out twice): split, not repeat, orders."""
    sibling = np.flatnonzero(rng.random(len(valid)) < SPLIT_ORDER_PROB)
    split = valid.iloc[sibling].assign(sibling=sibling)
    return pd.concat([valid.assign(sibling=-1), split], ignore_index=True)


def _taobao_rows(rng: np.random.Generator, customers: pd.DataFrame, valid: pd.DataFrame) -> pd.DataFrame:
    """Turn purchase days into export rows (valid orders plus closed and unpaid attempts)."""
    n = len(valid)
    customer = valid.customer.to_numpy()
    day = valid.day.to_numpy()
    # Time of payment within the day; on 双11 a third pay right after midnight.
    double11 = day == (pd.Timestamp("2025-11-11") - YEAR_START).days
    hour = np.where(double11 & (rng.random(n) < 0.33), 0, _hours(rng, n))
    paid_seconds = hour * 3600 + rng.integers(0, 3600, n)
    # A split order is paid a few minutes after its sibling, same day.
    sibling = valid.sibling.to_numpy()
    split = sibling >= 0
    paid_seconds[split] = np.minimum(
        paid_seconds[sibling[split]] + rng.integers(120, 1800, split.sum()), 86_399
    )
    amount = np.exp(customers.spend_log_level.to_numpy()[customer] + rng.normal(0, ORDER_SPEND_SIGMA, n))
    gift = valid.gift_allowed.to_numpy() & (rng.random(n) < 0.005)  # full-coupon or gift orders: 0 paid
    paid = np.where(gift, 0.0, _money(amount))
    # Paid time is the event; creation is a few minutes (rarely hours) earlier.
    delay = np.ceil(rng.exponential(180.0, n)).astype(int)
    created_seconds = paid_seconds - delay
    paid_time = YEAR_START + pd.to_timedelta(day, unit="D") + pd.to_timedelta(paid_seconds, unit="s")
    created_time = YEAR_START + pd.to_timedelta(day, unit="D") + pd.to_timedelta(created_seconds, unit="s")
    age_days = (EXPORT_TIME - paid_time) / pd.Timedelta(days=1)
    state = np.where(
        age_days < rng.uniform(1.0, 2.5, n),
        STATE_PAID,
        np.where(age_days < rng.uniform(6.0, 12.0, n), STATE_SHIPPED, STATE_SUCCESS),
    )
    orders = pd.DataFrame(
        {
            "customer": customer,
            "created": created_time,
            "paid_time": paid_time,
            "paid": paid,
            "value": paid,
            "state": state,
            "close_reason": "订单未关闭",
        }
    )

    # Closed and unpaid attempts: a checkout the buyer abandoned some minutes to two days before
    # a real order of theirs (so every such buyer also appears with valid orders).
    attempts = rng.random(n)
    closed = attempts < CLOSED_SHARE
    unpaid = (attempts >= CLOSED_SHARE) & (attempts < CLOSED_SHARE + UNPAID_SHARE)
    anchor = np.flatnonzero(closed | unpaid)
    lead = pd.to_timedelta(rng.integers(300, 2 * 86_400, anchor.size), unit="s")
    attempt_created = (created_time[anchor] - lead).to_numpy()
    attempt_created = np.maximum(attempt_created, np.datetime64(YEAR_START + pd.Timedelta(minutes=5)))
    is_closed = closed[anchor]
    refunded = is_closed & (rng.random(anchor.size) < 0.3)  # paid, then refunded and closed
    attempt_paid_time = pd.Series(
        np.where(
            refunded,
            attempt_created + pd.to_timedelta(rng.integers(30, 600, anchor.size), unit="s").to_numpy(),
            np.datetime64("NaT"),
        )
    )
    attempt_amount = _money(
        np.exp(
            customers.spend_log_level.to_numpy()[customer[anchor]]
            + rng.normal(0, ORDER_SPEND_SIGMA, anchor.size)
        )
    )
    attempt_paid = np.where(is_closed & ~refunded, 0.0, attempt_amount)
    reason = np.where(
        refunded,
        rng.choice(_CLOSE_REASONS_PAID, anchor.size),
        rng.choice(_CLOSE_REASONS_UNPAID, anchor.size),
    )
    attempts_frame = pd.DataFrame(
        {
            "customer": customer[anchor],
            "created": pd.to_datetime(attempt_created),
            "paid_time": attempt_paid_time.to_numpy(),
            "paid": attempt_paid,
            "value": attempt_amount,
            "state": np.where(is_closed, STATE_CLOSED, STATE_UNPAID),
            "close_reason": np.where(is_closed, reason, "订单未关闭"),
        }
    )
    orders = pd.concat([orders, attempts_frame], ignore_index=True)
    # The back office lists the newest order first.
    orders = orders.sort_values(["created", "customer"], ascending=False, kind="stable", ignore_index=True)
    return _taobao_columns(rng, customers, orders)


def _taobao_columns(rng: np.random.Generator, customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """Fill the 41 export columns for each order."""
    n = len(orders)
    customer = orders.customer.to_numpy()
    state = orders.state.to_numpy()
    paid = orders.paid.to_numpy()
    value = orders.value.to_numpy()  # the order's worth, also for unpaid or closed attempts

    # Order numbers: 19 digits, increasing with creation time (the frame is newest first).
    steps = rng.integers(10**9, 4 * 10**12, n)
    order_number = (2_100_000_000_000_000_000 + np.cumsum(steps[::-1]))[::-1].astype(str)

    postage = np.where(rng.random(n) < 0.12, rng.choice(np.array([6.0, 8.0, 10.0]), n), 0.0)
    discount = _money(value * rng.uniform(0, 0.15, n) + rng.choice(np.array([0.0, 5.0, 10.0, 20.0]), n))
    list_total = _money(np.where(value == 0, rng.choice(np.array([9.9, 19.9, 29.9]), n), value + discount))
    postage = np.where(list_total - postage <= 0, 0.0, postage)
    goods = _money(list_total - postage)

    kinds = rng.choice(np.array([1, 2, 3]), n, p=[0.75, 0.2, 0.05])
    quantity = kinds + rng.poisson(0.4, n)
    first, second, third = (rng.choice(_TAOBAO_PRODUCTS, n) for _ in range(3))
    title = np.where(
        kinds == 1,
        first,
        np.where(
            kinds == 2,
            np.char.add(np.char.add(first, "，"), second),
            np.char.add(np.char.add(first, "，"), np.char.add(np.char.add(second, "，"), third)),
        ),
    )

    # Per-customer personal data: fake, masked, fixed per buyer.
    region_index = rng.integers(0, len(_REGIONS), len(customers))
    street = rng.choice(_FAKE_STREETS, len(customers))
    number = rng.integers(1, 300, len(customers)).astype(str)
    region = _REGIONS[region_index]
    address = np.char.add(
        np.char.add(
            np.char.add(
                np.char.add(np.char.add(np.char.add(region[:, 0], " "), region[:, 1]), " "), region[:, 2]
            ),
            np.char.add(np.char.add(" ", street), np.char.add(number, "号")),
        ),
        np.char.add(np.char.add("(", region[:, 3]), ")"),
    )
    receiver = np.char.add(
        np.char.add(rng.choice(_SURNAMES, len(customers)), "*"), rng.choice(_GIVEN, len(customers))
    )
    mobile = _masked_mobile(rng, len(customers))
    alipay = np.where(
        rng.random(len(customers)) < 0.7,
        mobile,
        np.char.add(rng.choice(_PINYIN, len(customers)).astype(str).astype("<U40"), "***@example.com"),
    )

    shipped = np.isin(state, [STATE_SUCCESS, STATE_SHIPPED])
    carrier_index = rng.integers(0, len(_CARRIERS), n)
    tracking_digits = rng.integers(10**12, 10**13, n).astype(str)
    tracking = np.select(
        [carrier_index == 0, carrier_index == 1, carrier_index == 2],
        [
            np.char.add("75", tracking_digits),
            np.char.add("YT", tracking_digits),
            np.char.add("43", tracking_digits),
        ],
        default=np.char.add("SF", tracking_digits),
    )
    landline = np.where(
        rng.random(n) < 0.05,
        np.char.add("0571-8", np.char.add("***", rng.integers(1000, 10_000, n).astype(str))),
        "",
    )

    def text(values: np.ndarray) -> pd.Series:
        # Empty cells are missing values, as the back office leaves them blank.
        series = pd.Series(values, dtype="str")
        return series.where(series != "", pd.NA)

    created = orders.created.dt.strftime("%Y-%m-%d %H:%M:%S")
    paid_at = orders.paid_time.dt.strftime("%Y-%m-%d %H:%M:%S")
    frame = pd.DataFrame(
        {
            "订单编号": text(order_number),
            "买家会员名": text(customers.nickname.to_numpy()[customer].astype(str)),
            "买家支付宝账号": text(alipay[customer]),
            "买家应付货款": goods,
            "买家应付邮费": postage,
            "买家支付积分": np.zeros(n, dtype=int),
            "总金额": list_total,
            "返点积分": np.floor(paid / 100).astype(int),
            "买家实际支付金额": paid,
            "买家实际支付积分": np.zeros(n, dtype=int),
            "订单状态": text(state),
            "买家留言": text(np.where(rng.random(n) < 0.03, rng.choice(_BUYER_NOTES, n), "")),
            "收货人姓名": text(receiver[customer]),
            "收货地址": text(address[customer]),
            "运送方式": text(np.full(n, "快递")),
            "联系电话": text(landline),
            "联系手机": text(mobile[customer]),
            "订单创建时间": text(created.to_numpy()),
            "订单付款时间": paid_at.astype("str"),
            "宝贝标题": text(title),
            "宝贝种类": kinds,
            "物流单号": text(np.where(shipped, tracking, "")),
            "物流公司": text(np.where(shipped, _CARRIERS[carrier_index], "")),
            "订单备注": text(np.where(rng.random(n) < 0.02, "老客户，送小礼品", "")),
            "宝贝总数量": quantity,
            "店铺Id": text(np.full(n, SHOP_ID)),
            "店铺名称": text(np.full(n, SHOP_NAME)),
            "订单关闭原因": text(orders.close_reason.to_numpy()),
            "卖家服务费": np.zeros(n, dtype=int),
            "买家服务费": text(np.full(n, "0元")),
            "发票抬头": text(np.where(rng.random(n) < 0.04, "个人", "")),
            "是否手机订单": text(np.where(rng.random(n) < 0.86, "手机订单", "")),
            "分阶段订单信息": text(np.full(n, "")),
            "特权订金订单id": text(np.full(n, "")),
            "定金排名": text(np.full(n, "")),
            "修改后的sku": text(np.full(n, "")),
            "修改后的收货地址": text(np.full(n, "")),
            "异常信息": text(np.full(n, "")),
            "天猫卡券抵扣": np.zeros(n),
            "集分宝抵扣": np.zeros(n),
            "是否是O2O交易": text(np.full(n, "")),
        }
    )
    return frame[list(TAOBAO_COLUMNS)]


def _campaign_frame(customers: pd.DataFrame, treated: np.ndarray, control: np.ndarray) -> pd.DataFrame:
    """Build the campaign list: nickname, group, start date; sorted by nickname (no order leak)."""
    frame = pd.DataFrame(
        {
            "客户昵称": pd.array(
                customers.nickname.to_numpy()[np.concatenate([treated, control])], dtype="str"
            ),
            "分组": pd.array([TREATMENT_LABEL] * len(treated) + [CONTROL_LABEL] * len(control), dtype="str"),
            "活动开始": CAMPAIGN_START.strftime("%Y-%m-%d"),
        }
    )
    return frame.sort_values("客户昵称", ignore_index=True)


def _members_frame(rng: np.random.Generator, customers: pd.DataFrame, valid: pd.DataFrame) -> pd.DataFrame:
    """Build the CRM member list: ~55% of buyers (the frequent more likely) plus never-buyers.

    Tier follows the latent purchase rate (with noise), so higher tiers are rarer and buy more often.
    """
    n = len(customers)
    log_rate = np.log(customers.rate_per_day.to_numpy())
    bought = np.zeros(n, dtype=bool)
    bought[valid.customer.unique()] = True
    buyers = np.flatnonzero(bought)
    join_score = log_rate[buyers] + rng.normal(0, 1.0, buyers.size)
    cutoff = np.quantile(join_score, 1 - MEMBER_SHARE_OF_BUYERS)
    member_buyers = buyers[join_score >= cutoff]
    dormant = np.flatnonzero(~bought & customers.existing.to_numpy())
    dormant_members = np.sort(rng.choice(dormant, min(dormant.size, max(1, n // 12)), replace=False))
    members = np.concatenate([member_buyers, dormant_members])

    tier_score = log_rate[members] + rng.normal(0, 0.5, members.size)
    edges = np.quantile(tier_score, np.cumsum(TIER_SHARES)[:-1])
    tier = np.asarray(TIERS)[np.searchsorted(edges, tier_score, side="right")]

    existing = customers.existing.to_numpy()[members]
    birth = customers.birth.to_numpy()[members]
    old_join = pd.Timestamp("2019-03-01") + pd.to_timedelta(rng.integers(0, 2133, members.size), unit="D")
    new_join = YEAR_START + pd.to_timedelta(
        np.minimum(np.floor(birth) + rng.integers(0, 21, members.size), YEAR_DAYS - 1), unit="D"
    )
    joined = pd.Series(np.where(existing, old_join, new_join)) + pd.to_timedelta(
        rng.integers(8 * 3600, 23 * 3600, members.size), unit="s"
    )
    frame = pd.DataFrame(
        {
            "会员名": pd.array(customers.nickname.to_numpy()[members], dtype="str"),
            "会员等级": pd.array(tier, dtype="str"),
            "入会时间": joined.dt.strftime("%Y-%m-%d %H:%M:%S").astype("str"),
            "手机号": pd.array(_masked_mobile(rng, members.size), dtype="str"),
        }
    )
    return frame.sort_values(["入会时间", "会员名"], ignore_index=True)


def _campaign_truth(
    customers: pd.DataFrame, rows: pd.DataFrame, treated: np.ndarray, control: np.ndarray
) -> dict:
    """Collect the injected truth and the realised window figures of each group."""
    valid = rows[rows["订单状态"].isin([STATE_SUCCESS, STATE_SHIPPED, STATE_PAID])]
    paid_day = pd.to_datetime(valid["订单付款时间"]).dt.normalize()
    window_end = CAMPAIGN_START + pd.Timedelta(days=CAMPAIGN_DAYS - 1)
    in_window = valid[paid_day.between(CAMPAIGN_START, window_end)]
    sales = in_window.groupby("买家会员名")["买家实际支付金额"].sum()

    def realised(group: np.ndarray) -> dict:
        names = customers.nickname.to_numpy()[group]
        spend = sales.reindex(names, fill_value=0.0)
        return {
            "customers": len(names),
            "converters": int((spend.index.isin(sales.index)).sum()),
            "sales": round(float(spend.sum()), 2),
        }

    return {
        "campaign_start": CAMPAIGN_START.strftime("%Y-%m-%d"),
        "campaign_days": CAMPAIGN_DAYS,
        "window_end": window_end.strftime("%Y-%m-%d"),
        "eligibility": f"valid order before the start, none in the {LAPSE_DAYS} days before it",
        "treatment_label": TREATMENT_LABEL,
        "control_label": CONTROL_LABEL,
        "baseline_conversion": BASELINE_CONVERSION,
        "treatment_conversion": BASELINE_CONVERSION + CONVERSION_UPLIFT,
        "conversion_uplift": CONVERSION_UPLIFT,
        "expected_order_amount": round(EXPECTED_ORDER_AMOUNT, 4),
        "expected_orders_per_converter": round(EXPECTED_ORDERS_PER_CONVERTER, 4),
        "expected_spend_uplift_per_customer": round(EXPECTED_SPEND_UPLIFT, 4),
        "realised": {"control": realised(control), "treatment": realised(treated)},
    }


# ----------------------------------------------------------------------------------------------
# Shopify store simulation

SHOPIFY_START = pd.Timestamp("2025-01-01")
SHOPIFY_DAYS = 181  # January to June 2025
SHOPIFY_EXPORT_TIME = pd.Timestamp("2025-07-01 10:00:00")
_SHOPIFY_PRODUCTS = pd.DataFrame(
    {
        "name": [
            "Ceramic Mug - White",
            "Ceramic Mug - Sage",
            "Linen Cushion Cover",
            "Cotton Bath Towel",
            "Glass Vase - Small",
            "Scented Candle - Cedar",
            "Bamboo Storage Box",
            "Wool Throw Blanket",
            "Oak Serving Board",
            "Stoneware Bowl Set",
        ],
        "sku": [f"XY-{code}" for code in (1001, 1002, 2001, 3001, 4001, 5001, 6001, 7001, 8001, 9001)],
        "price": [59.0, 59.0, 89.0, 79.0, 129.0, 99.0, 69.0, 299.0, 159.0, 219.0],
        "compare_at": [69.0, 69.0, 109.0, 99.0, 149.0, 119.0, 79.0, 359.0, 189.0, 259.0],
    }
)
_SHOPIFY_FIRST = np.array(
    [
        "wei",
        "fang",
        "jing",
        "min",
        "lei",
        "yang",
        "hao",
        "ting",
        "jun",
        "lin",
        "anna",
        "david",
        "emily",
        "jack",
        "lucy",
        "tom",
    ]
)
_SHOPIFY_LAST = np.array(
    ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun"]
)
_SHOPIFY_CITIES = np.array(
    [
        ("Shanghai", "SH", "Shanghai", "200040"),
        ("Beijing", "BJ", "Beijing", "100027"),
        ("Hangzhou", "ZJ", "Zhejiang", "310006"),
    ]
)
_SHOPIFY_STORES = np.array(["Jing'an Store", "Xuhui Store", "Hangzhou Hubin Store"])
_SHOPIFY_STAFF = np.array(["Staff Amy", "Staff Ben", "Staff Coco", "Staff Dan"])
_FINANCIAL_STATUS = np.array(
    ["paid", "partially_refunded", "refunded", "voided", "pending", "authorized", "partially_paid"]
)
_FINANCIAL_SHARE = np.array([0.86, 0.03, 0.03, 0.02, 0.03, 0.02, 0.01])


def simulate_shopify(customer_count: int, seed: int) -> pd.DataFrame:
    """Simulate six months of a Shopify home-goods store and return its line-item export rows."""
    rng = np.random.default_rng([seed, 2])
    n_customers = customer_count
    rate = rng.gamma(0.7, 2.0 / 0.7, n_customers) / SHOPIFY_DAYS
    existing = rng.random(n_customers) < 0.4
    birth = np.where(existing, 0.0, rng.uniform(0, SHOPIFY_DAYS, n_customers))
    flat = np.ones(SHOPIFY_DAYS)
    customer, day = _poisson_days(rng, rate, birth, np.full(n_customers, float(SHOPIFY_DAYS)), flat)
    acquired = np.flatnonzero(~existing)
    customer = np.concatenate([acquired, customer])
    day = np.concatenate([np.floor(birth[acquired]).astype(int), day])
    # Walk-in guests at the shops: POS orders without an e-mail.
    guests = rng.integers(0, SHOPIFY_DAYS, max(1, customer.size // 25))
    customer = np.concatenate([customer, np.full(guests.size, -1)])
    day = np.concatenate([day, guests])

    n = customer.size
    created = (
        SHOPIFY_START
        + pd.to_timedelta(day, unit="D")
        + pd.to_timedelta(_hours(rng, n) * 3600 + rng.integers(0, 3600, n), unit="s")
    )
    order = pd.DataFrame({"customer": customer, "created": created}).sort_values(
        ["created", "customer"], kind="stable", ignore_index=True
    )
    customer = order.customer.to_numpy()
    guest = customer < 0
    pos = guest | (rng.random(n) < 0.3)

    first = rng.choice(_SHOPIFY_FIRST, n_customers)
    last = rng.choice(_SHOPIFY_LAST, n_customers)
    email = np.char.add(
        np.char.add(np.char.add(np.char.add(first, "."), last), np.arange(n_customers).astype(str)),
        "@example.com",
    )
    full_name = np.char.add(np.char.add(np.char.capitalize(first), " "), np.char.capitalize(last))
    city = _SHOPIFY_CITIES[rng.integers(0, len(_SHOPIFY_CITIES), n_customers)]
    phone = _masked_mobile(rng, n_customers)
    accepts = np.where(rng.random(n_customers) < 0.45, "yes", "no")
    safe = np.where(guest, 0, customer)

    # Line items: 1-5 per order.
    lines = np.minimum(1 + rng.poisson(0.6, n), 5)
    line_order = np.repeat(np.arange(n), lines)
    # Distinct products within an order (Shopify merges repeats of one product into its quantity).
    line_number = np.arange(line_order.size) - np.repeat(np.cumsum(lines) - lines, lines)
    product = (rng.integers(0, len(_SHOPIFY_PRODUCTS), n)[line_order] + line_number) % len(_SHOPIFY_PRODUCTS)
    quantity = 1 + (rng.random(line_order.size) < 0.2) + (rng.random(line_order.size) < 0.05)
    price = _SHOPIFY_PRODUCTS.price.to_numpy()[product]
    items_total = np.bincount(line_order, weights=price * quantity, minlength=n)

    code = np.select([rng.random(n) < 0.10, rng.random(n) < 0.06], ["WELCOME10", "VIP20"], default="")
    code = np.where(guest, "", code)
    discount = _money(
        items_total * np.select([code == "WELCOME10", code == "VIP20"], [0.10, 0.20], default=0.0)
    )
    subtotal = _money(items_total - discount)
    shipping = np.where(pos | (subtotal >= 199), 0.0, 15.0)
    total = _money(subtotal + shipping)
    taxes = _money(total * 13 / 113)  # prices include 13% VAT

    status = np.where(guest, "paid", rng.choice(_FINANCIAL_STATUS, n, p=_FINANCIAL_SHARE))
    paid_like = np.isin(status, ["paid", "partially_refunded", "refunded", "partially_paid"])
    created_ts = order.created
    paid_at = created_ts + pd.to_timedelta(rng.integers(1, 120, n), unit="s")
    cancelled = (status == "voided") | ((status == "refunded") & (rng.random(n) < 0.5))
    cancelled_at = created_ts + pd.to_timedelta(rng.integers(3600, 3 * 86_400, n), unit="s")
    refunded_amount = np.select(
        [status == "refunded", status == "partially_refunded"],
        [total, _money(total * rng.uniform(0.1, 0.6, n))],
        default=0.0,
    )
    outstanding = np.select(
        [np.isin(status, ["pending", "authorized"]), status == "partially_paid"],
        [total, _money(total / 2)],
        0.0,
    )
    fulfilled_at = np.where(pos, created_ts, created_ts + pd.to_timedelta(rng.integers(1, 3, n), unit="D"))
    fulfilled = paid_like & ~cancelled & (pd.Series(fulfilled_at) < SHOPIFY_EXPORT_TIME).to_numpy()

    def stamp(values: pd.Series | np.ndarray, keep: np.ndarray) -> np.ndarray:
        text = pd.Series(values).dt.strftime("%Y-%m-%d %H:%M:%S +0800").to_numpy(dtype=object)
        return np.where(keep, text, "")

    ids = 6_120_000_000_000 + np.cumsum(rng.integers(1_000, 90_000, n))
    web_method = rng.choice(np.array(["Shopify Payments", "Alipay", "WeChat Pay"]), n)
    pos_method = rng.choice(np.array(["Cash", "Shopify Payments", "WeChat Pay"]), n)
    store = rng.integers(0, len(_SHOPIFY_STORES), n)
    reference = np.char.add(np.char.add("c", ids.astype(str)), ".1")
    known = ~guest
    ship_to = known & ~pos

    def cust(values: np.ndarray, keep: np.ndarray = known) -> np.ndarray:
        return np.where(keep, values[safe], "")

    header = {
        "Name": np.char.add("#", (1001 + np.arange(n)).astype(str)),
        "Email": cust(email),
        "Financial Status": status,
        "Paid at": stamp(paid_at, paid_like),
        "Fulfillment Status": np.where(fulfilled, "fulfilled", "unfulfilled"),
        "Fulfilled at": stamp(fulfilled_at, fulfilled),
        "Accepts Marketing": np.where(known, accepts[safe], "no"),
        "Currency": np.full(n, "CNY"),
        "Subtotal": subtotal,
        "Shipping": shipping,
        "Taxes": taxes,
        "Total": total,
        "Discount Code": code,
        "Discount Amount": discount,
        "Shipping Method": np.where(pos, "", np.where(shipping > 0, "Standard", "Free Shipping")),
        "Created at": stamp(created_ts, np.ones(n, dtype=bool)),
        "Billing Name": cust(full_name),
        "Billing Street": cust(np.full(n_customers, "88 Example Road")),
        "Billing Address1": cust(np.full(n_customers, "88 Example Road")),
        "Billing Address2": "",
        "Billing Company": "",
        "Billing City": cust(city[:, 0]),
        "Billing Zip": cust(city[:, 3]),
        "Billing Province": cust(city[:, 1]),
        "Billing Country": cust(np.full(n_customers, "CN")),
        "Billing Phone": cust(phone),
        "Shipping Name": cust(full_name, ship_to),
        "Shipping Street": cust(np.full(n_customers, "88 Example Road"), ship_to),
        "Shipping Address1": cust(np.full(n_customers, "88 Example Road"), ship_to),
        "Shipping Address2": "",
        "Shipping Company": "",
        "Shipping City": cust(city[:, 0], ship_to),
        "Shipping Zip": cust(city[:, 3], ship_to),
        "Shipping Province": cust(city[:, 1], ship_to),
        "Shipping Country": cust(np.full(n_customers, "CN"), ship_to),
        "Shipping Phone": cust(phone, ship_to),
        "Notes": "",
        "Note Attributes": "",
        "Cancelled at": stamp(cancelled_at, cancelled),
        "Payment Method": np.where(pos, pos_method, web_method),
        "Payment Reference": reference,
        "Refunded Amount": refunded_amount,
        "Outstanding Balance": outstanding,
        "Employee": np.where(pos, rng.choice(_SHOPIFY_STAFF, n), ""),
        "Location": np.where(pos, _SHOPIFY_STORES[store], ""),
        "Device ID": np.where(pos, (store + 1).astype(str), ""),
        "Id": ids.astype(str),
        "Tags": np.where(known & (rate[safe] * SHOPIFY_DAYS > 5), "vip", ""),
        "Risk Level": np.where(pos, "", "Low"),
        "Source": np.where(pos, "pos", "web"),
        "Tax 1 Name": np.full(n, "VAT 13%"),
        "Tax 1 Value": taxes,
        "Phone": cust(phone),
        "Receipt Number": np.where(pos, np.char.add("R-", (50_001 + np.arange(n)).astype(str)), ""),
        "Duties": "",
        "Billing Province Name": cust(city[:, 2]),
        "Shipping Province Name": cust(city[:, 2], ship_to),
        "Payment ID": reference,
        "Payment Terms Name": "",
        "Next Payment Due At": "",
        "Payment References": reference,
    }
    orders = _number_text(pd.DataFrame(header))
    line_fulfilled = fulfilled[line_order]
    items = pd.DataFrame(
        {
            "order": line_order,
            "Lineitem quantity": quantity,
            "Lineitem name": _SHOPIFY_PRODUCTS.name.to_numpy()[product],
            "Lineitem price": price,
            "Lineitem compare at price": _SHOPIFY_PRODUCTS.compare_at.to_numpy()[product],
            "Lineitem sku": _SHOPIFY_PRODUCTS.sku.to_numpy()[product],
            "Lineitem requires shipping": np.where(pos[line_order], "false", "true"),
            "Lineitem taxable": "true",
            "Lineitem fulfillment status": np.where(line_fulfilled, "fulfilled", "pending"),
            "Vendor": "Xiaoyu Home",
            "Lineitem discount": 0.0,
        }
    )
    rows = _number_text(items).join(orders, on="order")
    first_line = ~rows.order.duplicated()
    # Continuation lines keep only Name, Created at and the line-item fields.
    order_level = [c for c in SHOPIFY_COLUMNS if c not in SHOPIFY_LINE_COLUMNS]
    rows[order_level] = rows[order_level].astype(object).mask(~first_line, "")
    return rows[list(SHOPIFY_COLUMNS)]


# ----------------------------------------------------------------------------------------------
# Templates and output


def member_template() -> pd.DataFrame:
    """Return the downloadable member-list template (Chinese headers, example rows)."""
    return pd.DataFrame(
        {
            "会员名": ["tb_小雨123", "xiaoyu_1990", "爱吃鱼的猫7", "tb1234567890"],
            "会员等级": ["普通会员", "高级会员", "VIP会员", "至尊VIP会员"],
            "入会时间": ["2024-03-08", "2023-11-11", "2025-06-18", "2022-01-15"],
        }
    )


def campaign_template() -> pd.DataFrame:
    """Return the downloadable campaign-list template (Chinese headers, example rows)."""
    return pd.DataFrame(
        {
            "客户昵称": ["tb_小雨123", "xiaoyu_1990", "爱吃鱼的猫7", "tb1234567890"],
            "分组": [TREATMENT_LABEL, CONTROL_LABEL, TREATMENT_LABEL, CONTROL_LABEL],
            "活动开始": ["2025-10-15"] * 4,
        }
    )


def _number_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Format money columns with two decimals for CSV, as the back offices write them."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_float_dtype(out[name]):
            out[name] = out[name].map("{:.2f}".format)
    return out


def generate(out: Path, *, customers: int = TAOBAO_CUSTOMERS, seed: int = SEED) -> dict[str, Path]:
    """Write every sample file into ``out`` and return their paths by short name.

    ``customers`` sizes the Taobao population; the Shopify store scales with it
    (:data:`SHOPIFY_CUSTOMERS` at the default size).
    """
    out.mkdir(parents=True, exist_ok=True)
    taobao = simulate_taobao(customers, seed)
    shopify = simulate_shopify(max(20, round(customers * SHOPIFY_CUSTOMERS / TAOBAO_CUSTOMERS)), seed)
    paths = {
        "taobao_xlsx": out / "taobao_orders.xlsx",
        "taobao_gbk_csv": out / "taobao_orders_gbk.csv",
        "shopify_csv": out / "shopify_orders.csv",
        "members_xlsx": out / "members.xlsx",
        "members_csv": out / "members.csv",
        "campaign_csv": out / "campaign.csv",
        "campaign_truth": out / "campaign_truth.json",
        "member_template": out / "member_list_template.csv",
        "campaign_template": out / "campaign_template.csv",
    }
    write_xlsx(paths["taobao_xlsx"], taobao.orders, sheet="Sheet1")
    write_csv(
        paths["taobao_gbk_csv"],
        _number_text(taobao.orders),
        encoding="gbk",
        newline="\r\n",
        excel_text_columns=("订单编号", "物流单号"),
    )
    write_csv(paths["shopify_csv"], _number_text(shopify))
    write_xlsx(paths["members_xlsx"], taobao.members, sheet="会员列表")
    write_csv(paths["members_csv"], taobao.members)
    write_csv(paths["campaign_csv"], taobao.campaign)
    paths["campaign_truth"].write_text(
        json.dumps({"seed": seed, "customers": customers, **taobao.truth}, ensure_ascii=False, indent=2)
        + "\n",
        encoding="utf-8",
    )
    write_csv(paths["member_template"], member_template())
    write_csv(paths["campaign_template"], campaign_template())
    return paths


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and write the sample files."""
    parser = argparse.ArgumentParser(description="Generate the seeded sample exports (deterministic).")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: sample_data/)")
    parser.add_argument(
        "--customers", type=int, default=TAOBAO_CUSTOMERS, help="Taobao customers to simulate"
    )
    parser.add_argument("--seed", type=int, default=SEED, help="random seed")
    args = parser.parse_args(argv)
    if args.customers < 50:
        parser.error("--customers must be at least 50")
    for path in generate(args.out, customers=args.customers, seed=args.seed).values():
        print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
