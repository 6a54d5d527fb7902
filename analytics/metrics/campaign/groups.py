"""The campaign list: who got which treatment, which group is the control, and whether ids match."""

from __future__ import annotations

import re

import pandas as pd

from analytics.errors import ArgumentError, InputError, Message, Term
from analytics.metrics.keys import among

# Labels that unmistakably name the control group (compared trimmed and case-folded). "B" of an A/B
# test is deliberately absent: which side was held out is not obvious, so the user must say.
CONTROL_LABELS: frozenset[str] = frozenset(
    {
        "control",
        "control group",
        "controls",
        "holdout",
        "hold-out",
        "hold out",
        "ctrl",
        "baseline",
        "placebo",
        "对照",
        "对照组",
        "空白组",
        "空白对照",
        "控制组",
        "不触达",
        "未触达",
        "none",
        "no contact",
        "not contacted",
        "untreated",
        "no treatment",
        "不发送",
        "未发送",
        "无触达",
        "不发",
        "未发",
    }
)
# A label containing one of these is a control only when exactly one label does ("SMS control").
CONTROL_HINTS: tuple[str, ...] = ("control", "holdout", "hold-out", "对照", "空白", "控制组")
# A label that negates the treatment ("No E-Mail", "no_sms", "without coupon", "未发短信", "不发券")
# names the group that did not get it: a control, again only when exactly one label does.
NEGATED_TREATMENT = re.compile(r"^(?:no|not|without)(?:[\s_-]|$)|^(?:未|不|无|没有)")
# Single-group campaigns (a plain list of targeted customers) get this group name.
TARGETED = "targeted"
# When at least this share of campaign customers never appear in the orders, ids probably do not match.
MISSING_WARNING_SHARE = 0.5
# How many ids a message shows so the user can spot a mismatch.
SHOWN_IDS = 3


def few(values: pd.Series | list[str], n: int = SHOWN_IDS) -> list[str]:
    """Return the first ``n`` values as strings: the examples a message shows."""
    return [str(v) for v in list(values)[:n]]


def campaign_groups(campaign: pd.DataFrame, *, source: str = "the campaign file") -> pd.DataFrame:
    """Validate a campaign frame and return one row per customer: ``customer_id``, ``group``, ``start``.

    A list without groups (no ``group`` column, or every group blank) becomes one group named
    ``targeted``. The same customer listed twice in one group counts once.

    Raises
    ------
    InputError
        When the file lists no customer, a group has no customer ids, some customers have no group
        while others do, or a customer appears in two groups (a customer can get one treatment only).
    """
    if "customer_id" not in campaign.columns:
        raise InputError("campaign.no_customer_column", file=source, option=Term("option.map_customer_id"))
    # Ids read as floats ("17850.0", a numeric column with blanks) are the same customer as "17850",
    # as the loader normalises them in the orders.
    ids = campaign["customer_id"].astype("str").str.strip().str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    frame = pd.DataFrame({"customer_id": ids})
    if "group" in campaign.columns and campaign["group"].notna().any():
        frame["group"] = campaign["group"].astype("str").str.strip().replace("", pd.NA)
    else:
        frame["group"] = pd.Series(TARGETED, index=frame.index, dtype="str")
    frame["start"] = (
        pd.to_datetime(campaign["start"]).dt.normalize() if "start" in campaign.columns else pd.NaT
    )
    frame["customer_id"] = frame["customer_id"].replace("", pd.NA)
    if frame["customer_id"].isna().all():
        raise InputError("campaign.no_customers", file=source)
    labelled = frame[frame["group"].notna()]
    has_id = labelled.groupby("group")["customer_id"].count()
    empty = has_id[has_id == 0].index.tolist()
    if empty:
        raise InputError("campaign.group_without_customers", file=source, groups=few(empty))
    frame = frame[frame["customer_id"].notna()]
    no_group = frame[frame["group"].isna()]
    if len(no_group):
        raise InputError(
            "campaign.customers_without_group",
            file=source,
            count=len(no_group),
            examples=few(no_group["customer_id"]),
        )
    groups_per_customer = frame.groupby("customer_id")["group"].nunique()
    conflicted = groups_per_customer[groups_per_customer > 1].index
    if len(conflicted):
        raise InputError(
            "campaign.customers_in_several_groups",
            file=source,
            count=len(conflicted),
            examples=few(sorted(conflicted)),
        )
    return frame.drop_duplicates("customer_id").reset_index(drop=True)


def find_control(
    labels: list[str], control: str | None = None, *, source: str = "the campaign file"
) -> str | None:
    """Return the control group's label, or None when the campaign has a single group.

    With ``control`` given, it must be one of ``labels`` (compared trimmed, case-insensitive).
    Otherwise a label such as control, holdout, none, 对照组, 空白组, 控制组 or 未发送 is taken as
    the control, else the one label that negates the treatment ("No E-Mail", "No SMS", "未发短信").

    Raises
    ------
    ArgumentError
        When ``control`` is not a label, or several groups exist and none is obviously the control.

    Examples
    --------
    >>> find_control(["实验组", "对照组"])
    '对照组'
    >>> find_control(["E-Mail", "No E-Mail"])
    'No E-Mail'
    """
    by_key = {label.strip().casefold(): label for label in labels}
    found = [repr(label) for label in sorted(labels)]
    if control is not None:
        key = control.strip().casefold()
        if key not in by_key:
            raise ArgumentError(
                "campaign.unknown_control",
                file=source,
                label=repr(control),
                groups=found,
                option=Term("option.control"),
            )
        return by_key[key]
    if len(labels) < 2:
        # A lone group is the targeted list, unless its name says it is only a control group.
        return labels[0] if labels and labels[0].strip().casefold() in CONTROL_LABELS else None
    exact = [label for key, label in by_key.items() if key in CONTROL_LABELS]
    if len(exact) == 1:
        return exact[0]
    hinted = [
        label
        for key, label in by_key.items()
        if any(h in key for h in CONTROL_HINTS) or NEGATED_TREATMENT.search(key)
    ]
    if len(exact) == 0 and len(hinted) == 1:
        return hinted[0]
    raise ArgumentError("campaign.control_unclear", file=source, groups=found, option=Term("option.control"))


def unmatched_ids(campaign_ids: pd.Series, orders: pd.DataFrame, *, source: str) -> Message | None:
    """Return a warning when most campaign customers never appear in the orders, else None.

    At :data:`MISSING_WARNING_SHARE` or more absent, the list and the orders probably use different
    ids (a phone number against a member name); the warning shows a few ids from each side.
    """
    known = orders["customer_id"].dropna()
    absent = campaign_ids[~among(campaign_ids, known)]
    if len(campaign_ids) == 0 or len(absent) / len(campaign_ids) < MISSING_WARNING_SHARE:
        return None
    return Message(
        "campaign.ids_not_in_orders",
        {
            "file": source,
            "missing": len(absent),
            "total": len(campaign_ids),
            "campaign_ids": few(absent),
            "order_ids": few(known.drop_duplicates()),
            "option": Term("option.map_customer_id"),
        },
    )
