"""The care list as a file for SMS and coupon tools: who to contact and why, nothing personal.

A row holds the customer id, the nickname (only when the export's customer key is a buyer
nickname such as 买家会员名, never a phone number or an e-mail, which the loader has already
replaced by a digest), the tier, the RFM segment and the reason in words, rendered from the
catalogs in the list's language. No phone numbers, no addresses.

Text cells that start with ``=``, ``+``, ``-`` or ``@`` would run as formulas when the file is
opened in a spreadsheet: they get a leading apostrophe; numbers stay numbers.

A care campaign is measured against customers who were not contacted: :func:`split_control`
holds out a seeded random share as the control group and returns the list to send (care group
only) and the campaign list (``customer_id``, ``group``, ``start``) that the Campaign page reads
back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from analytics.errors import Message
from analytics.exports.tables import csv_bytes, xlsx_bytes
from analytics.messages import render
from analytics.metrics.customers.care import CARE_GROUP_LABELS, MONEY_PARAMS, care_message, holdout_sample
from analytics.metrics.customers.scores import CustomerScores
from analytics.money import Money
from analytics.report.text import Texts
from analytics.schema.mapping import normalise_header

# Customer-key headers that hold a buyer nickname (shown to the shop, not a contact detail).
NICKNAME_HEADERS: frozenset[str] = frozenset(
    normalise_header(h)
    for h in ("买家会员名", "会员名", "客户昵称", "买家昵称", "nickname", "buyer nickname")
)
# Columns of the list, in order; their headers are catalog entries in the list's language.
COLUMNS: tuple[str, ...] = ("customer_id", "nickname", "tier", "segment", "reason")
REASON_SEPARATOR: dict[str, str] = {"zh": "；", "en": "; "}


def _text(message: Message, lang: str) -> str:
    return render(message.code, message.params, lang=lang)


def _with_money(reason: str, params: Mapping[str, object]) -> dict[str, object]:
    """Return a reason's parameters with its amounts marked as money (whole units)."""
    money = MONEY_PARAMS.get(reason, ())
    return {key: Money(float(value)) if key in money else value for key, value in params.items()}


def key_is_nickname(mappings: Iterable[Mapping[str, str]]) -> bool:
    """Return True when every file's customer key column is a buyer-nickname column.

    Examples
    --------
    >>> key_is_nickname([{"customer_id": "买家会员名"}]), key_is_nickname([{"customer_id": "客户ID"}])
    (True, False)
    """
    headers = [m.get("customer_id") for m in mappings]
    return bool(headers) and all(h is not None and normalise_header(h) in NICKNAME_HEADERS for h in headers)


def care_list_table(
    scores: CustomerScores,
    *,
    lang: str,
    reasons: Sequence[str] | None = None,
    nickname: bool = False,
    currency: str | None = None,
    limit: int | None = None,
    with_value: bool = False,
    key_once: bool = False,
) -> pd.DataFrame:
    """Return the care list: one row per customer with their reasons in words, texts in ``lang``.

    Parameters
    ----------
    scores
        The scored customers (their care rows, tiers and segments).
    lang
        ``"zh"`` or ``"en"``: the language of the headers, segment names and reasons.
    reasons
        Care reasons to include (default all).
    nickname
        Whether the customer key is a nickname (see :func:`key_is_nickname`); otherwise the
        nickname column is left out.
    currency
        ISO 4217 code of the amounts in the reasons (``"CNY"``): "¥1,235" in Chinese, "CN¥1,235"
        in English; None writes plain numbers.
    limit
        Keep only the first ``limit`` customers (the lists' order: highest expected value of a
        contact first): a page shows the top of a list, the file holds it whole.
    with_value
        Add ``contact_value``, the expected value of a contact (a number).
    key_once
        Write the customer key in one column (the page): with a nickname key the id and the
        nickname are the same text, so only ``nickname`` stays (its truer name); the file keeps both
        for tools that ask for an id column.

    Columns are the canonical names of :data:`COLUMNS`; :func:`care_list_csv` and
    :func:`care_list_xlsx` write them with headers in ``lang``.
    """
    care = scores.care
    if reasons is not None:
        care = care[care["reason"].isin(list(reasons))]
    if limit is not None:
        # The scores' care rows carry each customer's row: integers are matched, not 150,000 ids.
        key = "row" if "row" in care.columns else "customer_id"
        first = pd.unique(care[key].to_numpy(dtype=object if key == "customer_id" else None))[:limit]
        care = care[care[key].isin(first)]
    texts = Texts(lang, currency)
    # Many customers share a sentence ("due in 3 days, usually every 20"): each distinct reason and
    # figures are written once (formatting numbers in the locale is most of a list's cost).
    written: dict[tuple, str] = {}

    def sentence(reason: str, params: Mapping[str, object]) -> str:
        key = (reason, *sorted((name, type(value).__name__, value) for name, value in params.items()))
        if key not in written:
            written[key] = texts(care_message(reason, _with_money(reason, params)))
        return written[key]

    sentences = pd.Series(
        [sentence(reason, params) for reason, params in zip(care["reason"], care["params"], strict=True)],
        index=care.index,
        dtype="object",
    )
    # One row per customer (one message each), in list order; several reasons are joined.
    joined = sentences.groupby(care["customer_id"].to_numpy(), sort=False).agg(REASON_SEPARATOR[lang].join)
    customers = scores.customers.reindex(joined.index)
    tier = customers["tier"] if "tier" in customers.columns else pd.Series(None, index=customers.index)
    table = pd.DataFrame(
        {
            "customer_id": joined.index.to_numpy(dtype=object),
            "nickname": joined.index.to_numpy(dtype=object),
            "tier": tier.astype("object").where(tier.notna(), None).to_numpy(),
            "segment": [_text(Message(f"customers.segment.{code}"), lang) for code in customers["segment"]],
            "reason": joined.to_numpy(),
        }
    )
    if with_value:
        table["contact_value"] = customers["contact_value"].to_numpy(dtype=float)
    if not nickname:
        return table.drop(columns="nickname")
    return table.drop(columns="customer_id") if key_once else table


def _with_headers(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return table.set_axis([_text(Message(f"customers.export.{c}"), lang) for c in table.columns], axis=1)


def care_list_csv(table: pd.DataFrame, *, lang: str) -> bytes:
    """Return the care list as CSV with headers in ``lang``, formula cells escaped."""
    return csv_bytes(_with_headers(table, lang))


def care_list_xlsx(table: pd.DataFrame, *, lang: str) -> bytes:
    """Return the care list as an XLSX workbook with headers in ``lang``, formula cells escaped."""
    return xlsx_bytes(_with_headers(table, lang), sheet=_text(Message("customers.export.sheet"), lang))


def split_control(
    table: pd.DataFrame,
    *,
    share: float = 0.1,
    seed: int = 0,
    lang: str = "zh",
    start: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out a random share of the list's customers as a control group.

    Returns the rows to send (customers of the care group only: the control must not be
    contacted) and the campaign list (``customer_id``, ``group``, ``start`` when given) with the
    group labels the campaign loader recognises (关怀组 / 对照组 or care / control).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": [f"c{i}" for i in range(10)], "reason": ["x"] * 10})
    >>> send, campaign = split_control(t, share=0.2, seed=1, lang="en")
    >>> len(send), campaign["group"].value_counts().to_dict()
    (8, {'care': 8, 'control': 2})
    """
    campaign = holdout_sample(table["customer_id"], share=share, seed=seed, lang=lang, start=start)
    control = CARE_GROUP_LABELS.get(lang, CARE_GROUP_LABELS["en"])[1]
    held_out = set(campaign.loc[campaign["group"] == control, "customer_id"])
    send = table[~table["customer_id"].isin(held_out)].reset_index(drop=True)
    return send, campaign


def campaign_list_csv(campaign: pd.DataFrame) -> bytes:
    """Return the campaign list as CSV with canonical headers (customer_id, group, start)."""
    frame = campaign.copy()
    if "start" in frame.columns:
        frame["start"] = pd.to_datetime(frame["start"]).dt.strftime("%Y-%m-%d")
    return csv_bytes(frame)
