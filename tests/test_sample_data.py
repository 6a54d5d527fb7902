"""The sample data: a deterministic generator, and committed files that look and load like real exports.

The committed files are read here independently of the generator (pandas, openpyxl, the csv text),
so the checks do not merely echo what generate.py computed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from analytics.io import read_table
from analytics.loading import load_campaign, load_members, load_orders

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
REAL_README = SAMPLE / "real" / "README.md"

_spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
generate = importlib.util.module_from_spec(_spec)
sys.modules["sample_generate"] = generate
_spec.loader.exec_module(generate)

VALID_STATES = ["交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"]
ALL_STATES = [*VALID_STATES, "等待买家付款", "交易关闭"]
TIERS = ["普通会员", "高级会员", "VIP会员", "至尊VIP会员"]
START = pd.Timestamp("2025-10-15")


def _readme_header(marker: str) -> list[str]:
    """Return the backticked header list that follows ``marker`` in the real-data README."""
    text = REAL_README.read_text(encoding="utf-8")
    after = text[text.index(marker) :]
    return next(span for span in re.findall(r"`([^`]+)`", after) if span.count(",") > 10).split(",")


@pytest.fixture(scope="module")
def taobao_csv() -> pd.DataFrame:
    """The GBK CSV read with pandas only, ="..." unwrapped by hand."""
    frame = pd.read_csv(SAMPLE / "taobao_orders_gbk.csv", encoding="gbk", dtype=str, keep_default_na=False)
    frame["订单编号"] = frame["订单编号"].str.removeprefix('="').str.removesuffix('"')
    frame["物流单号"] = frame["物流单号"].str.removeprefix('="').str.removesuffix('"')
    return frame


@pytest.fixture(scope="module")
def valid_orders(taobao_csv: pd.DataFrame) -> pd.DataFrame:
    """Valid Taobao orders with their paid day and amount."""
    valid = taobao_csv[taobao_csv["订单状态"].isin(VALID_STATES)]
    return pd.DataFrame(
        {
            "customer": valid["买家会员名"],
            "day": pd.to_datetime(valid["订单付款时间"]).dt.normalize(),
            "amount": valid["买家实际支付金额"].astype(float),
        }
    )


@pytest.fixture(scope="module")
def shopify() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "shopify_orders.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "members.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def campaign() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "campaign.csv", dtype=str, keep_default_na=False)


# ----------------------------------------------------------------------------------------------
# The generator


def test_generator_is_deterministic_and_seeded(tmp_path: Path):
    first = generate.generate(tmp_path / "a", customers=300, seed=11)
    second = generate.generate(tmp_path / "b", customers=300, seed=11)
    other = generate.generate(tmp_path / "c", customers=300, seed=12)
    assert sorted(p.name for p in first.values()) == sorted(p.name for p in second.values())
    for key, path in first.items():
        assert path.read_bytes() == second[key].read_bytes(), path.name
    # A different seed must change the data, or the seed is not used.
    assert first["taobao_gbk_csv"].read_bytes() != other["taobao_gbk_csv"].read_bytes()
    assert first["shopify_csv"].read_bytes() != other["shopify_csv"].read_bytes()


def test_cli_writes_into_out_and_rejects_tiny_populations(tmp_path: Path, capsys):
    generate.main(["--out", str(tmp_path), "--customers", "120", "--seed", "5"])
    assert (tmp_path / "taobao_orders.xlsx").stat().st_size > 0
    truth = json.loads((tmp_path / "campaign_truth.json").read_text(encoding="utf-8"))
    assert (truth["seed"], truth["customers"]) == (5, 120)
    with pytest.raises(SystemExit):
        generate.main(["--out", str(tmp_path), "--customers", "10"])


@pytest.mark.slow
def test_committed_files_are_what_the_generator_writes(tmp_path: Path):
    # The default arguments reproduce the committed files byte for byte.
    written = generate.generate(tmp_path)
    for path in written.values():
        assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), path.name


def test_xlsx_carries_fixed_timestamps():
    with zipfile.ZipFile(SAMPLE / "taobao_orders.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(2026, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2026-01-01T00:00:00Z"] * 2


# ----------------------------------------------------------------------------------------------
# Taobao export


def test_taobao_xlsx_has_the_real_header_and_text_order_numbers():
    sheet = CalamineWorkbook.from_path(str(SAMPLE / "taobao_orders.xlsx")).get_sheet_by_index(0)
    header, *rows = sheet.to_python(nrows=200)
    assert header == _readme_header("已卖出的宝贝 order export")
    assert len(header) == 41
    # Stored as text cells (calamine gives str, not float), 19 digits: Excel would round a number.
    assert all(isinstance(row[0], str) and re.fullmatch(r"\d{19}", row[0]) for row in rows)
    assert all(isinstance(row[header.index("买家实际支付金额")], float) for row in rows)


def test_gbk_csv_is_gbk_with_excel_wrapped_long_numbers():
    data = (SAMPLE / "taobao_orders_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    lines = data.decode("gbk").split("\r\n")
    assert lines[0].split(",") == _readme_header("已卖出的宝贝 order export")
    assert all(re.match(r'="\d{19}",', line) for line in lines[1:] if line)


def test_xlsx_and_gbk_csv_hold_the_same_orders(taobao_csv: pd.DataFrame):
    xlsx = pd.read_excel(SAMPLE / "taobao_orders.xlsx", dtype=str, engine="calamine", keep_default_na=False)
    assert len(xlsx) == len(taobao_csv) > 10_000
    for column in ["订单编号", "买家会员名", "订单状态", "订单创建时间", "订单付款时间", "收货地址"]:
        assert xlsx[column].tolist() == taobao_csv[column].tolist(), column
    for column in ["买家实际支付金额", "总金额", "宝贝总数量"]:
        np.testing.assert_allclose(xlsx[column].astype(float), taobao_csv[column].astype(float))
    assert taobao_csv["订单编号"].is_unique


def test_taobao_states_times_and_amounts_are_consistent(taobao_csv: pd.DataFrame):
    state = taobao_csv["订单状态"]
    assert set(state) == set(ALL_STATES)
    closed, unpaid = state == "交易关闭", state == "等待买家付款"
    assert 0.02 < (closed | unpaid).mean() < 0.08  # a few % of rows are not sales
    assert (taobao_csv.loc[closed, "订单关闭原因"] != "订单未关闭").all()
    assert (taobao_csv.loc[~closed, "订单关闭原因"] == "订单未关闭").all()
    assert (taobao_csv.loc[unpaid, "订单付款时间"] == "").all()
    valid = state.isin(VALID_STATES)
    created = pd.to_datetime(taobao_csv.loc[valid, "订单创建时间"])
    paid = pd.to_datetime(taobao_csv.loc[valid, "订单付款时间"])
    assert (paid >= created).all()
    assert paid.between("2025-01-01", "2025-12-31 23:59:59").all()
    money = taobao_csv[["买家实际支付金额", "总金额", "买家应付货款", "买家应付邮费"]].astype(float)
    assert (money["买家实际支付金额"] <= money["总金额"]).all()
    np.testing.assert_allclose(money["买家应付货款"] + money["买家应付邮费"], money["总金额"], atol=0.005)
    assert set(taobao_csv["店铺名称"]) == {"小雨家居旗舰店"}


def test_taobao_customers_repeat_split_and_spend_realistically(valid_orders: pd.DataFrame):
    purchase_days = valid_orders.groupby("customer").day.nunique()
    assert len(purchase_days) >= 3000
    assert 0.2 < (purchase_days >= 2).mean() < 0.7
    assert purchase_days.max() >= 20  # loyal heavy buyers
    # Same-day split orders: more orders than purchase days.
    orders_per_day = valid_orders.groupby(["customer", "day"]).size()
    assert (orders_per_day >= 2).sum() > 0.02 * len(orders_per_day)
    assert 80 < valid_orders.amount.mean() < 300
    assert (valid_orders.amount == 0).any()  # gift orders: valid, no sales


def test_taobao_orders_peak_on_618_and_double_11(valid_orders: pd.DataFrame):
    per_day = valid_orders.groupby("day").size()
    typical = per_day.median()
    assert per_day[pd.Timestamp("2025-11-11")] > 3 * typical
    assert per_day[pd.Timestamp("2025-06-18")] > 2 * typical
    assert per_day.idxmax() == pd.Timestamp("2025-11-11")


def test_personal_data_is_fake_and_masked(
    taobao_csv: pd.DataFrame, shopify: pd.DataFrame, members: pd.DataFrame
):
    masked_mobile = r"1\d\d\*{4}\d{4}"
    assert taobao_csv["联系手机"].str.fullmatch(masked_mobile).all()
    assert members["手机号"].str.fullmatch(masked_mobile).all()
    assert taobao_csv["收货地址"].str.contains("示例路|测试街|样本大道|演示巷|虚构路").all()
    assert taobao_csv["收货人姓名"].str.contains(r"\*").all()
    alipay = taobao_csv["买家支付宝账号"]
    assert (alipay.str.fullmatch(masked_mobile) | alipay.str.endswith("***@example.com")).all()
    emails = shopify.loc[shopify.Email != "", "Email"]
    assert emails.str.endswith("@example.com").all()
    phones = shopify.loc[shopify["Billing Phone"] != "", "Billing Phone"]
    assert phones.str.fullmatch(masked_mobile).all()


# ----------------------------------------------------------------------------------------------
# Shopify export


def test_shopify_header_follows_the_real_export(shopify: pd.DataFrame):
    readme = _readme_header("Shopify orders export")
    cut = readme.index("...")
    # The README elides the tax columns after Tax 1 with "..."; the sample writes Tax 1 only.
    assert list(shopify.columns) == [*readme[:cut], *readme[cut + 1 :]]


def test_shopify_continuation_rows_leave_order_fields_blank(shopify: pd.DataFrame):
    first = ~shopify.Name.duplicated()
    assert (~first).sum() > 500  # plenty of multi-line orders
    for column in ["Financial Status", "Total", "Subtotal", "Currency", "Source", "Id"]:
        assert (shopify.loc[first, column] != "").all(), column
        assert (shopify.loc[~first, column] == "").all(), column
    for column in ["Email", "Paid at", "Discount Code", "Cancelled at", "Refunded Amount"]:
        assert (shopify.loc[~first, column] == "").all(), column
    assert (shopify["Lineitem name"] != "").all()
    # An order's lines are contiguous: each Name starts exactly one block.
    blocks = (shopify.Name != shopify.Name.shift()).sum()
    assert blocks == shopify.Name.nunique()


def test_shopify_orders_mix_statuses_codes_sources(shopify: pd.DataFrame):
    orders = shopify[~shopify.Name.duplicated()]
    time = r"2025-0[1-6]-\d\d \d\d:\d\d:\d\d \+0800"
    assert orders["Created at"].str.fullmatch(time).all()
    assert orders.loc[orders["Paid at"] != "", "Paid at"].str.fullmatch(time).all()
    status = orders["Financial Status"]
    assert {"paid", "refunded", "voided", "pending", "partially_refunded"} <= set(status)
    assert (status == "paid").mean() > 0.75
    partial = orders[status == "partially_refunded"]
    assert (partial["Refunded Amount"].astype(float) > 0).all()
    assert (partial["Refunded Amount"].astype(float) < partial["Total"].astype(float)).all()
    assert (orders.loc[status == "voided", "Cancelled at"] != "").all()
    assert {"WELCOME10", "VIP20"} <= set(orders["Discount Code"])
    assert set(orders.Source) == {"web", "pos"}
    assert (orders.loc[orders.Source == "pos", "Location"] != "").all()
    assert 600 <= orders.loc[orders.Email != "", "Email"].nunique() <= 1000
    # Subtotal (after discount) + shipping = total; subtotal + discount = the lines' value.
    money = orders[["Subtotal", "Shipping", "Total", "Discount Amount"]].astype(float)
    np.testing.assert_allclose(money.Subtotal + money.Shipping, money.Total, atol=0.005)
    lines = shopify["Lineitem quantity"].astype(float) * shopify["Lineitem price"].astype(float)
    value = lines.groupby(shopify.Name).sum().reindex(orders.Name).to_numpy()
    np.testing.assert_allclose(money.Subtotal + money["Discount Amount"], value, atol=0.011)


# ----------------------------------------------------------------------------------------------
# Members and campaign


def test_members_cover_about_half_the_buyers_and_tiers_track_frequency(
    members: pd.DataFrame, valid_orders: pd.DataFrame
):
    assert members["会员名"].is_unique
    purchase_days = valid_orders.groupby("customer").day.nunique()
    member_buyers = members["会员名"].isin(purchase_days.index)
    assert 0.5 < member_buyers.sum() / len(purchase_days) < 0.6
    assert (~member_buyers).sum() > 100  # members who did not buy in 2025
    counts = members["会员等级"].value_counts().reindex(TIERS)
    assert counts.is_monotonic_decreasing  # higher tiers are rarer
    days = purchase_days.reindex(members["会员名"]).fillna(0).groupby(members["会员等级"].to_numpy()).mean()
    assert days.reindex(TIERS).is_monotonic_increasing  # and buy more often
    joined = pd.to_datetime(members["入会时间"])
    assert joined.between("2019-01-01", "2025-12-31 23:59:59").all()
    xlsx = pd.read_excel(SAMPLE / "members.xlsx", dtype=str, engine="calamine")
    pd.testing.assert_frame_equal(xlsx, members, check_dtype=False)


def test_campaign_is_the_lapsing_customers_split_in_half(campaign: pd.DataFrame, valid_orders: pd.DataFrame):
    # Lapsing: a valid order before 15 Oct, none in the 60 days 16 Aug .. 14 Oct.
    before = valid_orders[valid_orders.day < START]
    recent = set(before.loc[before.day >= START - pd.Timedelta(days=60), "customer"])
    lapsing = set(before.customer) - recent
    assert set(campaign["客户昵称"]) == lapsing
    assert campaign["客户昵称"].is_unique
    groups = campaign["分组"].value_counts()
    assert set(groups.index) == {"实验组", "对照组"}
    assert groups.min() >= 1500 and groups.max() - groups.min() <= 1
    assert set(campaign["活动开始"]) == {"2025-10-15"}


def test_campaign_truth_matches_the_constants_and_the_data(
    campaign: pd.DataFrame, valid_orders: pd.DataFrame
):
    truth = json.loads((SAMPLE / "campaign_truth.json").read_text(encoding="utf-8"))
    assert truth["conversion_uplift"] == pytest.approx(0.06)
    # 130 x exp((0.35^2 + 0.45^2) / 2) = 130 x exp(0.1625) = 152.94; x 1.2 x 1.05 x 0.06 = 11.56
    assert truth["expected_spend_uplift_per_customer"] == pytest.approx(11.56, abs=0.01)
    assert truth["expected_spend_uplift_per_customer"] == pytest.approx(
        generate.EXPECTED_SPEND_UPLIFT, abs=1e-4
    )
    window = valid_orders[valid_orders.day.between(START, START + pd.Timedelta(days=13))]
    sales = window.groupby("customer").amount.sum()
    realised = {}
    for label, key in [("对照组", "control"), ("实验组", "treatment")]:
        names = campaign.loc[campaign["分组"] == label, "客户昵称"]
        spend = sales.reindex(names, fill_value=0.0)
        realised[key] = (len(names), int(names.isin(sales.index).sum()), spend)
        assert truth["realised"][key]["customers"] == len(names)
        assert truth["realised"][key]["converters"] == realised[key][1]
        assert truth["realised"][key]["sales"] == pytest.approx(spend.sum(), abs=0.01)
    # The data carry the injected effect: estimates within 2.5 standard errors of the truth.
    (n0, c0, s0), (n1, c1, s1) = realised["control"], realised["treatment"]
    p0, p1 = c0 / n0, c1 / n1
    se = np.sqrt(p0 * (1 - p0) / n0 + p1 * (1 - p1) / n1)
    assert abs((p1 - p0) - truth["conversion_uplift"]) < 2.5 * se
    se_spend = np.sqrt(s0.var(ddof=1) / n0 + s1.var(ddof=1) / n1)
    assert abs((s1.mean() - s0.mean()) - truth["expected_spend_uplift_per_customer"]) < 2.5 * se_spend


# ----------------------------------------------------------------------------------------------
# Through the project's own readers


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("taobao_orders.xlsx", 41),
        ("taobao_orders_gbk.csv", 41),
        ("shopify_orders.csv", 71),
        ("members.xlsx", 4),
        ("members.csv", 4),
        ("campaign.csv", 3),
        ("member_list_template.csv", 3),
        ("campaign_template.csv", 3),
    ],
)
def test_committed_files_parse_with_read_table(name: str, columns: int):
    table = read_table(SAMPLE / name)
    if name.endswith("xlsx"):
        rows = CalamineWorkbook.from_path(str(SAMPLE / name)).get_sheet_by_index(0).height - 1
    else:
        rows = (SAMPLE / name).read_bytes().count(b"\n") - 1
    assert table.frame.shape == (rows, columns)
    assert table.header_row == 1


def test_load_orders_reads_xlsx_and_gbk_csv_alike(taobao_csv: pd.DataFrame):
    from_xlsx = load_orders([SAMPLE / "taobao_orders.xlsx"])
    from_csv = load_orders([SAMPLE / "taobao_orders_gbk.csv"])
    pd.testing.assert_frame_equal(from_xlsx.orders, from_csv.orders)
    state = taobao_csv["订单状态"]
    # Closed and unpaid rows are counted as dropped, never silently lost.
    assert from_xlsx.dropped == {
        "cancelled": int((state == "交易关闭").sum()),
        "unpaid": int((state == "等待买家付款").sum()),
    }
    assert from_xlsx.rows_read == len(taobao_csv) == from_xlsx.rows_used + sum(from_xlsx.dropped.values())
    valid = taobao_csv[state.isin(VALID_STATES)]
    assert set(from_xlsx.orders.order_id) == set(valid["订单编号"])
    assert from_xlsx.orders.customer_id.nunique() == valid["买家会员名"].nunique()
    assert from_xlsx.orders.amount.sum() == pytest.approx(valid["买家实际支付金额"].astype(float).sum())
    personal = {"联系手机", "收货地址", "收货人姓名", "买家支付宝账号", "customer_phone", "address"}
    assert not personal & set(from_xlsx.orders.columns)


def test_members_and_campaign_load_with_their_tiers_and_groups(members: pd.DataFrame, campaign: pd.DataFrame):
    loaded = load_members(SAMPLE / "members.xlsx").members
    assert len(loaded) == len(members)
    assert list(loaded.tier.cat.categories) == TIERS
    assert "手机号" not in loaded.columns
    groups = load_campaign(SAMPLE / "campaign.csv").campaign.group.value_counts()
    assert groups.to_dict() == campaign["分组"].value_counts().to_dict()
    template = load_members(SAMPLE / "member_list_template.csv").members
    assert list(template.tier.cat.categories) == TIERS
