"""Care lists: who to contact this week, and why, plus a control sample to measure the care.

Each row names a customer and a reason code with the figures behind it; the sentence lives in the
``customers`` catalogs under ``customers.care.<reason>`` (``customers.care.<reason>.<basis>`` for
a reason judged on another basis, see :func:`care_message`), so the dashboard, the export and the
report word it in the reader's language. A customer can be on several lists (one row per reason).

Reasons, in the order the lists are shown (no list is cut off: every customer who meets a rule is on
it, however long ago they last bought):

- ``at_risk``: sales in the top fifth of the shop's customers, and either P(alive) below 0.5 when
  the purchase model holds, or lapsed by the shop's own gaps between purchases when it does not
  (basis ``lapsed``: silent longer than nine in ten of their value band's returns took, see
  :mod:`analytics.metrics.customers.lapse`);
- ``overdue``: a customer with at least two gaps between purchase days (``min_gaps``: "usually
  back every N days" is never read from a single gap) whose days since the last purchase exceed
  1.5 x their own median gap;
- ``due_soon``: the next purchase falls due within 7 days: the last purchase day plus the
  customer's own median gap (with at least two gaps), or else the shop's median gap between
  purchase days (basis ``shop``);
- ``near_next_tier``: a member whose spend is within 20% of the next tier's threshold;
- ``no_second_order``: a one-time buyer not back within the shop's typical gap between first and
  second purchase days (median over customers who came back); no upper limit.

Within a list the customer whose contact is worth most comes first: the expected value of a
contact (chance of a purchase in the next window x average spend per purchase day, see
:mod:`analytics.metrics.customers.lapse`) when given; then, and without it, the most urgent first
(at risk by past sales, overdue by days past their own gap, due soon by days until due, near the
next tier by the spend missing, no second order by days since the first purchase); ties by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analytics.errors import ArgumentError, Message, Percent
from analytics.metrics.customers.labels import labels
from analytics.metrics.customers.summary import CustomerSummary
from analytics.schema import tier_order

CARE_REASONS: tuple[str, ...] = ("at_risk", "overdue", "due_soon", "near_next_tier", "no_second_order")
# The parameters of each reason that are amounts of money (shown with the shop's currency).
MONEY_PARAMS: dict[str, tuple[str, ...]] = {"at_risk": ("sales",), "near_next_tier": ("missing",)}
# Group labels the campaign loader already takes for the targeted group and the control group.
CARE_GROUP_LABELS: dict[str, tuple[str, str]] = {"zh": ("关怀组", "对照组"), "en": ("care", "control")}


def member_tiers(members: pd.DataFrame | None) -> tuple[str, ...]:
    """Return the tiers of a member list, lowest first: the ladder a manager enters thresholds for.

    An ordered categorical keeps its own order; otherwise names are ordered by the tier ladder
    (:func:`analytics.schema.tier_order`). Empty without a list or a tier column.

    Examples
    --------
    >>> member_tiers(pd.DataFrame({"customer_id": ["a", "b", "c"], "tier": ["金卡", "银卡", "金卡"]}))
    ('银卡', '金卡')
    """
    if members is None or "tier" not in members.columns:
        return ()
    tiers = members["tier"]
    if isinstance(tiers.dtype, pd.CategoricalDtype) and tiers.cat.ordered:
        present = set(tiers.dropna().astype("str"))
        return tuple(str(c) for c in tiers.cat.categories if str(c) in present)
    return tuple(tier_order(tiers.dropna().astype("str")))


def care_message(reason: str, params: Mapping[str, object]) -> Message:
    """Return the message explaining why a customer is on a care list.

    A reason judged on another basis than its usual one carries ``basis`` in its parameters
    (``at_risk`` judged on the lapse rule, ``due_soon`` on the shop's cycle): its sentence is
    ``customers.care.<reason>.<basis>``.

    Examples
    --------
    >>> care_message("due_soon", {"days": 3, "cycle": 20.0, "basis": "shop"}).code
    'customers.care.due_soon.shop'
    """
    basis = params.get("basis")
    suffix = "" if basis is None else f".{basis}"
    return Message(f"customers.care.{reason}{suffix}", {k: v for k, v in params.items() if k != "basis"})


def _rows(
    rows: np.ndarray,
    reason: str,
    params: list[dict[str, object]],
    urgency: Sequence[float] | np.ndarray,
) -> pd.DataFrame:
    # ``urgency`` sorts ascending: the most urgent customer of the list has the smallest value.
    # ``_row`` is the customer's row in the summary: values are taken by position, not by id; the
    # ids and the reason's word are written once, for every list, when the lists are put in order.
    return pd.DataFrame(
        {
            "_reason": np.full(len(rows), CARE_REASONS.index(reason), dtype=np.int64),
            "params": pd.Series(params, dtype=object),
            "_urgency": np.asarray(urgency, dtype=np.float64),
            "_row": np.asarray(rows, dtype=np.int64),
        }
    )


def aligned(values: pd.Series, index: pd.Index, *, fill: object = None) -> np.ndarray:
    """Return ``values`` in the order of ``index`` (``fill`` where an id is missing), as an array.

    The scores hand over series on the summary's own index: then no id is looked up (a million
    orders' 300,000 ids cost most of a second to hash).
    """
    if values.index is index or values.index.equals(index):
        return values.to_numpy()
    return values.reindex(index, fill_value=fill).to_numpy()


def care_lists(
    summary: CustomerSummary,
    *,
    p_alive: pd.Series | None = None,
    lapsed: pd.Series | None = None,
    usual_gap: pd.Series | None = None,
    contact_value: pd.Series | None = None,
    tier_thresholds: Mapping[str, float] | None = None,
    value_share: float = 0.2,
    alive_below: float = 0.5,
    overdue_factor: float = 1.5,
    min_gaps: int = 2,
    due_within_days: int = 7,
    near_tier_share: float = 0.2,
    with_rows: bool = False,
) -> pd.DataFrame:
    """Return the care lists as one frame: ``customer_id``, ``reason``, ``params``, ``contact_value``.

    Parameters
    ----------
    summary
        Per-customer history; "today" is its calibration end.
    p_alive
        P(alive) per customer id, from a BG/NBD fit that holds (see
        :mod:`analytics.metrics.customers.health`).
    lapsed, usual_gap
        Per customer id: lapsed by the shop's own gaps, and their value band's usual gap (days);
        used for ``at_risk`` when ``p_alive`` is None. Without either there is no ``at_risk`` list.
    contact_value
        Expected value of a contact per customer id: the order within each list (highest first).
    tier_thresholds
        Spend needed for each tier (tier name -> amount), from the member rules or entered by the
        manager; spend is the customer's sales in the data. Without it there is no
        ``near_next_tier`` list.
    value_share, alive_below, overdue_factor, min_gaps, due_within_days, near_tier_share
        The business thresholds described in the module docstring.
    with_rows
        Add ``row``, the customer's row in ``summary.customers``: whoever holds the summary's
        rows then finds the listed customers by position, without looking 150,000 ids up.
    """
    customers = summary.customers
    days_since = customers["days_since_last"].to_numpy()
    gap = customers["typical_gap_days"].to_numpy()
    gaps = customers["frequency"].to_numpy()
    sales = customers["sales"].to_numpy()
    lists: list[pd.DataFrame] = []

    # The parameters are read from Python lists (``tolist``): 150,000 rows' numbers converted at once,
    # not one numpy scalar at a time.
    valuable = sales >= np.quantile(sales, 1 - value_share) if len(customers) else np.zeros(0, bool)
    if p_alive is not None and len(customers):
        alive = aligned(p_alive, customers.index, fill=np.nan).astype(np.float64)
        hit = valuable & (alive < alive_below)
        params = [
            {"sales": float(s), "p_alive": Percent(float(p))}
            for s, p in zip(sales[hit].tolist(), alive[hit].tolist(), strict=True)
        ]
        lists.append(_rows(np.flatnonzero(hit), "at_risk", params, -sales[hit]))
    elif lapsed is not None and usual_gap is not None and len(customers):
        gone = aligned(lapsed, customers.index, fill=False).astype(bool)
        usual = aligned(usual_gap, customers.index, fill=np.nan).astype(np.float64)
        hit = valuable & gone
        params = [
            {"sales": float(s), "days": int(d), "usual": float(u), "basis": "lapsed"}
            for s, d, u in zip(*(v[hit].tolist() for v in (sales, days_since, usual)), strict=True)
        ]
        lists.append(_rows(np.flatnonzero(hit), "at_risk", params, -sales[hit]))

    own_cycle = gaps >= min_gaps
    with np.errstate(invalid="ignore"):
        hit = own_cycle & (days_since > overdue_factor * gap)
    lists.append(
        _rows(
            np.flatnonzero(hit),
            "overdue",
            [
                {"days": int(d), "gap": float(g), "gaps": int(n)}
                for d, g, n in zip(*(v[hit].tolist() for v in (days_since, gap, gaps)), strict=True)
            ],
            -(days_since[hit] - gap[hit]),
        )
    )

    shop_gap = float(np.median(summary.gap_days)) if len(summary.gap_days) else float("nan")
    cycle = np.where(own_cycle, gap, shop_gap)
    due_in = np.ceil(cycle - days_since)
    with np.errstate(invalid="ignore"):
        hit = (due_in > 0) & (due_in <= due_within_days)
    lists.append(
        _rows(
            np.flatnonzero(hit),
            "due_soon",
            [
                {"days": int(d), "cycle": float(c)}
                if own
                else {"days": int(d), "cycle": float(c), "basis": "shop"}
                for d, c, own in zip(*(v[hit].tolist() for v in (due_in, cycle, own_cycle)), strict=True)
            ],
            due_in[hit],
        )
    )

    if tier_thresholds and "tier" in customers.columns:
        ladder = sorted(tier_thresholds.items(), key=lambda item: item[1])
        tiers = customers["tier"].astype("object").to_numpy()
        rows, tier_params = [], []
        for row, (tier, spend) in enumerate(zip(tiers, sales, strict=True)):
            if tier is None or (isinstance(tier, float) and np.isnan(tier)):
                continue
            current = tier_thresholds.get(str(tier), 0.0)
            above = [(name, need) for name, need in ladder if need > current]
            if above:
                name, need = above[0]
                missing = need - spend
                if 0 < missing <= near_tier_share * need:
                    rows.append(row)
                    tier_params.append({"tier": str(tier), "next_tier": name, "missing": float(missing)})
        missing_spend = [p["missing"] for p in tier_params]
        lists.append(
            _rows(
                np.asarray(rows, dtype=np.int64),
                "near_next_tier",
                tier_params,
                missing_spend,
            )
        )

    # The shop's typical gap between first and second purchase days, from those who came back.
    second_gaps = (customers["second_purchase_day"] - customers["first_purchase_day"]).dt.days.dropna()
    typical = float(second_gaps.median()) if len(second_gaps) else None
    if typical is not None:
        once = customers["purchase_days"].to_numpy() == 1
        hit = once & (days_since > typical)
        lists.append(
            _rows(
                np.flatnonzero(hit),
                "no_second_order",
                [{"days": int(d), "gap": typical} for d in days_since[hit].tolist()],
                -days_since[hit],
            )
        )

    frame = pd.concat(lists, ignore_index=True)
    rows = frame["_row"].to_numpy()
    if contact_value is None:
        contact = np.full(len(rows), np.nan)
    else:
        values = contact_value.copy()
        values.index = pd.Index(values.index, dtype="str")
        contact = aligned(values, customers.index, fill=np.nan).astype(np.float64)[rows]
    listed = pd.Index(customers.index[rows], dtype="str")
    reason = frame["_reason"].to_numpy()
    # Highest value of a contact first (missing values last), then the most urgent, then the id:
    # the summary's rows are sorted by id, so the row stands for the id (integers, not text, sorted).
    by_id = rows if customers.index.is_monotonic_increasing else pd.factorize(listed, sort=True)[0]
    keys = (by_id, frame["_urgency"].to_numpy(), -np.where(np.isnan(contact), -np.inf, contact), reason)
    order = np.lexsort(keys)
    columns: dict[str, object] = {
        "customer_id": listed[order],
        "reason": labels(CARE_REASONS, reason[order]),
        "params": frame["params"].to_numpy()[order],
        "row": rows[order],
        "contact_value": contact[order],
    }
    if not with_rows:
        del columns["row"]
    return pd.DataFrame(columns)


def holdout_sample(
    customers: Sequence[str] | pd.Index | pd.Series,
    *,
    share: float = 0.1,
    seed: int = 0,
    lang: str = "zh",
    start: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Split a care list into a care group and a random control group, as a campaign list.

    The control group is ``round(share x customers)`` customers drawn with a seeded generator from
    the distinct ids in sorted order, so the same list and seed always give the same split. The
    frame (``customer_id``, ``group``, and ``start`` when given) is what the campaign loader reads
    back: the group labels are 关怀组 / 对照组 (``lang="zh"``) or care / control (``lang="en"``).

    Raises
    ------
    ArgumentError
        ``customers.bad_holdout_share`` when ``share`` is not between 0 and 1 (exclusive).

    Examples
    --------
    >>> holdout_sample([f"c{i}" for i in range(10)], share=0.2, seed=1)["group"].value_counts().to_dict()
    {'关怀组': 8, '对照组': 2}
    """
    if not 0 < share < 1:
        raise ArgumentError("customers.bad_holdout_share", share=Percent(float(share)))
    ids = np.sort(pd.unique(pd.Index(customers, dtype="str").dropna().to_numpy(dtype=object)))
    care, control = CARE_GROUP_LABELS.get(lang, CARE_GROUP_LABELS["en"])
    in_control = np.zeros(len(ids), dtype=bool)
    in_control[np.random.default_rng(seed).permutation(len(ids))[: round(share * len(ids))]] = True
    frame = pd.DataFrame(
        {
            "customer_id": pd.array(ids, dtype="str"),
            "group": pd.array(np.where(in_control, control, care), dtype="str"),
        }
    )
    if start is not None:
        frame["start"] = pd.Timestamp(start)
    return frame
