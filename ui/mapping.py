"""The mapping editor: pick the column for each field when automatic recognition fails or is wrong.

The choice is applied as ``overrides`` to ``analytics.loading.load_orders`` and remembered for
files with the same headers (this session and ``data/mappings.json``), so next week's export
of the same back office loads without asking again.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from analytics import schema
from analytics.errors import InputError, Message
from ui import uploads
from ui.downloads import mask_personal_columns
from ui.i18n import current_lang, t
from ui.loaders import file_preview
from ui.safe_text import md, message_markdown
from ui.state import Dataset

# The fields a store manager can sensibly pick by hand, most important first; the identity fields
# e-mail/phone are hashed by the loader and offered as the customer key through customer_id.
EDITOR_FIELDS: tuple[str, ...] = tuple(
    f
    for f in (
        "order_time",
        "amount",
        "order_id",
        "customer_id",
        "status",
        "paid_time",
        "quantity",
        "unit_price",
        "refunded_amount",
        "store",
        "channel",
        "coupon_code",
        "is_member",
        "tier",
    )
    if f in schema.FIELDS
)


# The warning of an order file loaded without a customer column while some columns look like
# customer ids: the column choice opens for it. Without a likely column (a till with no customer
# at all) the warning alone is shown: an editor opened on every upload would only be in the way.
CUSTOMER_WARNINGS = frozenset({"schema.customer_column_guess"})


def editors_needed(ds: Dataset) -> tuple[tuple[str, bytes, Message], ...]:
    """Return the order files whose column choice opens on the Overview, each with its reason.

    Files whose headers did not map (:attr:`Dataset.mapping_needed`), then files loaded without
    a customer column but with columns that look like one: their orders all count as guest
    orders until the customer column is chosen, so the choice opens with the likely columns
    first (:func:`customer_options`).
    """
    needed = list(ds.mapping_needed)
    if ds.load is not None and not ds.is_sample:
        data = {entry.name: entry.data for entry in ds.files}
        for report in ds.load.files:
            problem = next((w for w in report.warnings if w.code in CUSTOMER_WARNINGS), None)
            if problem is not None and report.file in data:
                needed.append((report.file, data[report.file], problem))
    return tuple(needed)


def customer_options(headers: tuple[str, ...], problem: Message | None) -> list[str]:
    """Return the headers to offer for the customer column: the likely ones (guessed from values) first.

    Examples
    --------
    >>> guess = Message("schema.customer_column_guess", {"columns": ["Client"]})
    >>> customer_options(("Order", "Client", "Date"), guess)
    ['Client', 'Order', 'Date']
    """
    likely = [h for h in (problem.params.get("columns", ()) if problem else ()) if h in headers]
    return [*likely, *(h for h in headers if h not in likely)]


def _key(name: str, headers: tuple[str, ...]) -> str:
    return hashlib.sha1(("\x1f".join((name, *headers))).encode("utf-8")).hexdigest()[:10]


def mapping_editor(
    name: str, content: bytes, *, problem: Message | None = None, expanded: bool = True
) -> None:
    """Show the column pickers for one orders file with a preview of its first rows."""
    try:
        headers, preview = file_preview(name, content, sha=uploads.known_digest(name, content))
    except InputError as exc:
        st.error(t("file_error", file=md(name), message=message_markdown(exc, current_lang())))
        return
    suggested = schema.suggest_mapping(headers)
    remembered = uploads.remembered_mappings().get(headers, {})
    # The language is part of the pickers' keys: the browser keeps the option labels a select box
    # was first drawn with while its key lives, so "（无）" stayed on a page switched to English.
    # A choice not yet applied is then dropped by a language switch; applied ones are remembered.
    key = f"{_key(name, headers)}{current_lang()}"
    none_label = t("mapping_none")
    # File names and headers are shown escaped (labels are Markdown) or in tables (plain text).
    with st.expander(f"{t('mapping_title')} — {md(name)}", expanded=expanded):
        if problem:
            st.warning(t("mapping_intro", file=md(name)))
            st.caption(message_markdown(problem, current_lang()))
        st.caption(t("preview"))
        addresses = [h for h in headers if schema.normalise_header(h) in schema.ADDRESS_HEADERS]
        # Phones, e-mails, names, addresses and accounts are hidden whatever header they sit under.
        shown = mask_personal_columns(preview, {**suggested, **remembered}, extra=addresses)
        st.dataframe(shown, hide_index=True)
        options: list[str | None] = [None, *headers]
        # The customer column's list starts with the columns whose values look like customer ids.
        customer_choices: list[str | None] = [None, *customer_options(headers, problem)]
        with st.form(f"mapping_form_{key}"):
            columns = st.columns(4)
            choices: dict[str, str | None] = {}
            for i, field in enumerate(EDITOR_FIELDS):
                default = remembered.get(field) or suggested.get(field)
                label = t(f"field_{field}")
                if field in schema.required_fields:
                    label = f"{label} ({t('mapping_required')})"
                offered = customer_choices if field == "customer_id" else options
                choices[field] = columns[i % 4].selectbox(
                    label,
                    offered,
                    index=offered.index(default) if default in offered else 0,
                    format_func=lambda h: none_label if h is None else str(h),
                    key=f"map_{key}_{field}",
                    placeholder=t("choose_option"),
                )
            apply, reset = st.columns([1, 1])
            applied = apply.form_submit_button(t("mapping_apply"), type="primary")
            cleared = reset.form_submit_button(t("mapping_reset"))
        if applied:
            uploads.remember_mapping(headers, {f: h for f, h in choices.items() if h is not None})
            st.rerun()
        if cleared:
            uploads.remember_mapping(headers, None)
            st.rerun()
