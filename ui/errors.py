# ruff: noqa: E501
# (translated messages read best unbroken, so long lines are allowed in this file)
"""Bad-input messages from ``analytics`` (English) in the reader's language.

``analytics`` raises :class:`~analytics.errors.InputError` with English messages that name the
file, the column and what to do (the CLI prints them as they are). The dashboard shows them to
store managers who read Chinese, so each message a manager is likely to meet is matched here by a
regular expression and rewritten in Chinese, keeping file names, column names and numbers from the
original. A message no pattern knows stays English, followed by a translated "what to do" hint.

Pure: no Streamlit, so every pattern is tested against the message the analytics code really
produces (a changed message breaks the test rather than silently going untranslated).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ui.i18n import translate

# Field names and phrases inside messages, in Chinese.
_FIELDS_ZH = {
    "the order time": "下单/付款时间",
    "the amount paid": "实付金额",
    "order_time": "下单/付款时间",
    "amount": "实付金额",
    "customer_id": "客户ID/会员名",
    "order_id": "订单编号",
}
_WHAT_ZH = {
    "a PDF document": "PDF 文档",
    "a PNG image": "PNG 图片",
    "a JPEG image": "JPEG 图片",
    "a GIF image": "GIF 图片",
    "a RAR archive": "RAR 压缩包",
    "a 7-Zip archive": "7-Zip 压缩包",
}


def _fields(text: str) -> str:
    return "、".join(_FIELDS_ZH.get(part, part) for part in text.split(" and "))


def _what(text: str) -> str:
    return _WHAT_ZH.get(text, text)


_F = r"(?P<file>.+?)"  # a file name (may hold spaces and colons: matched lazily up to the literal text)
_D = r"(?P<{}>\d{{4}}-\d{{2}}-\d{{2}})"

# (pattern, {lang: template}, converters of named groups). Templates use the groups' names.
_Pattern = tuple[re.Pattern[str], dict[str, str], dict[str, Callable[[str], str]]]
_RULES: list[tuple[str, dict[str, str], dict[str, Callable[[str], str]]]] = [
    # --- reading the file ---------------------------------------------------------------------
    (
        rf"{_F} is empty; export the orders again with at least a header row",
        {"zh": "{file} 是空文件：请重新导出订单，至少要包含表头行。"},
        {},
    ),
    (
        rf"{_F} is empty: (the workbook has no sheets|no sheet has any cells); export the orders again",
        {"zh": "{file} 是空的 Excel 文件（没有任何内容）：请重新导出订单。"},
        {},
    ),
    (
        rf"{_F}: sheet '(?P<sheet>.+)' is empty; choose the sheet that holds the orders",
        {"zh": "{file} 的工作表“{sheet}”是空的：请选择存放订单的工作表。"},
        {},
    ),
    (
        rf"{_F} is (?P<what>.+), not a table \(CSV or Excel\); export the orders as CSV or Excel",
        {"zh": "{file} 是{what}，不是表格（CSV 或 Excel）：请把订单导出为 CSV 或 Excel 后上传。"},
        {"what": _what},
    ),
    (
        rf"{_F} is not a table \(CSV or Excel\): its content is binary; export the orders as CSV or Excel",
        {"zh": "{file} 不是表格（CSV 或 Excel），内容无法识别：请把订单导出为 CSV 或 Excel 后上传。"},
        {},
    ),
    (
        rf"{_F} is a zip archive, not a table \(CSV or Excel\); unzip it and upload the CSV or Excel file",
        {"zh": "{file} 是 zip 压缩包，不是表格：请解压后上传其中的 CSV 或 Excel 文件。"},
        {},
    ),
    (
        rf"{_F} is an (?P<kind>Excel binary workbook \(\.xlsb\)|OpenDocument spreadsheet); save it as \.xlsx or CSV and upload it again",
        {"zh": "{file} 是不支持的表格格式（.xlsb 或 OpenDocument）：请另存为 .xlsx 或 CSV 后再上传。"},
        {},
    ),
    (
        rf"{_F}: the Excel file is damaged or incomplete \((?P<detail>.*)\): export it again",
        {"zh": "{file} 这个 Excel 文件已损坏或不完整：请重新导出后再上传。（详情：{detail}）"},
        {},
    ),
    (
        rf"{_F}: cannot read it as an Excel \.xls workbook \((?P<detail>.*)\); if it is password-protected, remove the password, else save it again as \.xlsx or CSV",
        {
            "zh": "{file} 无法作为 Excel .xls 文件读取：如果设置了密码请先取消密码，否则请另存为 .xlsx 或 CSV。（详情：{detail}）"
        },
        {},
    ),
    (
        rf"{_F} is (?P<size>[\d.]+) GB, above the (?P<limit>[\d.]+) GB limit; export a smaller date range or split the file",
        {"zh": "{file} 有 {size} GB，超过 {limit} GB 的上限：请导出较短的日期范围，或把文件拆分后上传。"},
        {},
    ),
    (
        rf"{_F}: the compressed file would expand to more than (?P<limit>[\d.]+) GB; export a smaller date range or split the file",
        {"zh": "{file} 解压后会超过 {limit} GB：请导出较短的日期范围，或把文件拆分后上传。"},
        {},
    ),
    (
        rf"{_F}: the text is neither UTF-8 nor GBK/GB18030 \(undecodable byte at position (?P<pos>\d+)\); save it as 'CSV UTF-8' and upload it again",
        {
            "zh": "{file} 的文字编码既不是 UTF-8 也不是 GBK/GB18030（第 {pos} 个字节无法识别）：请在 Excel 中另存为“CSV UTF-8”后再上传。"
        },
        {},
    ),
    (
        rf"{_F}: part of the file is not valid UTF-8 text although it starts as UTF-8; save it again as 'CSV UTF-8' and upload it again",
        {"zh": "{file} 的部分文字不是有效的 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8”后再上传。"},
        {},
    ),
    (
        rf"{_F}: the file has headers but no data rows: export it again with the rows included",
        {"zh": "{file} 只有表头，没有数据行：请重新导出，并包含订单数据。"},
        {},
    ),
    # --- columns ------------------------------------------------------------------------------
    (
        rf"{_F}: cannot find (?P<what>.+?) among the headers: (?P<headers>.*)\. Name them with --map .+ \(--map FIELD=HEADER, once per field\)",
        {"zh": "{file} 中找不到{what}列。文件的表头是：{headers}。请在“调整列对应”中指定这些列。"},
        {"what": _fields},
    ),
    (
        rf"{_F}: cannot find the customer column of the (?P<kind>member|campaign) list among the headers: (?P<headers>.*)\. Name it with --map customer_id=HEADER",
        {
            "zh": "{file} 中找不到客户列（会员名/客户ID）。文件的表头是：{headers}。请确认表头里有客户列，或把该列改名为“会员名”后重新上传。"
        },
        {},
    ),
    (
        rf"{_F}: cannot tell whether this is an order export, a member list or a campaign list from its headers: (?P<headers>.*)\. Check that the header row is the first row",
        {
            "zh": "无法从表头判断 {file} 是订单导出、会员名单还是活动名单。表头是：{headers}。请确认第一行就是表头。"
        },
        {},
    ),
    (
        rf"{_F}: --map (?P<field>[^=]+)=(?P<header>.*): unknown field ['\"](?P<bad>.+)['\"]; valid fields: (?P<valid>.*)",
        {"zh": "{file}：列对应中的字段“{bad}”不存在；可用的字段：{valid}。"},
        {},
    ),
    (
        rf"{_F}: --map (?P<field>[^=]+)=(?P<header>.*): there is no column ['\"](?P<bad>.+)['\"]; headers found: (?P<headers>.*)",
        {
            "zh": "{file} 中没有名为“{bad}”的列（用于 {field}）。文件的表头是：{headers}。请在“调整列对应”中重新选择。"
        },
        {},
    ),
    # --- periods ------------------------------------------------------------------------------
    (
        rf"no orders between {_D.format('start')} and {_D.format('end')}: the data covers {_D.format('first')} to {_D.format('last')}",
        {"zh": "{start} 至 {end} 之间没有订单；数据覆盖 {first} 至 {last}。请选择这段时间内的日期。"},
        {},
    ),
    (
        r"there are no valid orders to analyse: check the file's row accounting",
        {"zh": "没有可分析的有效订单：请在概览页查看各文件的读取与剔除行数。"},
        {},
    ),
    (
        rf"the period ends \({_D.format('end')}\) before it starts \({_D.format('start')}\): swap the dates",
        {"zh": "结束日期（{end}）早于开始日期（{start}）：请对调两个日期。"},
        {},
    ),
    (
        rf"the data ends on {_D.format('last')}, before the period's start {_D.format('start')}: choose a start on or before {_D.format('last2')}, or upload later orders",
        {"zh": "数据截止 {last}，早于统计周期的开始日期 {start}：请选择不晚于 {last} 的开始日期，或上传更新的订单。"},
        {},
    ),
    # --- member lists -------------------------------------------------------------------------
    (
        rf"{_F} has no members: it holds no rows with a customer id; check that it is the member list and map its id column with --map customer_id=HEADER",
        {"zh": "{file} 里没有会员：没有任何一行填写了会员名/客户ID。请确认这是会员名单，且会员名列有内容。"},
        {},
    ),
    (
        rf"none of the (?P<n>[\d,]+) customers in {_F} appear in the orders: the member list has ids like (?P<mids>.+) while the orders have customer ids like (?P<oids>.+); map the member list's column holding the same id as the orders \(--map customer_id=HEADER\)",
        {
            "zh": "{file} 中的 {n} 位会员都不在订单里：名单中的会员名如 {mids}，订单中的客户如 {oids}。请确认会员名单与订单来自同一店铺、使用同一套会员名/客户ID。"
        },
        {},
    ),
    # --- campaign lists -----------------------------------------------------------------------
    (
        rf"{_F}: no group is labelled (?P<label>.+): the groups are (?P<groups>.+); pass one of them",
        {"zh": "{file} 中没有名为 {label} 的分组；现有分组：{groups}。请从中选择对照组。"},
        {},
    ),
    (
        rf"{_F}: cannot tell which group is the control among (?P<groups>.+): pass --control LABEL",
        {"zh": "无法判断 {file} 中哪一组是对照组（分组：{groups}）：请在上方“对照组”中选择。"},
        {},
    ),
    (
        rf"{_F}: (?P<n>[\d,]+) customers are in two or more groups \(e\.g\. (?P<ids>.+)\): each customer must be in exactly one group; fix the assignment and export again",
        {
            "zh": "{file} 中有 {n} 位客户同时在两个及以上分组（如 {ids}）：每位客户只能在一个分组，请修正分组后重新导出。"
        },
        {},
    ),
    (
        rf"{_F}: group (?P<group>.+) has no customer ids: fill the customer id column for it or remove the group",
        {"zh": "{file} 中的分组 {group} 没有任何客户：请为该组填写客户，或删除这个分组。"},
        {},
    ),
    (
        rf"{_F}: (?P<n>[\d,]+) customers have no group \(e\.g\. (?P<ids>.+)\): fill the group column \(e\.g\. treatment / control\) for every customer",
        {"zh": "{file} 中有 {n} 位客户没有分组（如 {ids}）：请为每位客户填写分组（如 实验组/对照组）。"},
        {},
    ),
    (
        rf"{_F}: the campaign lists no customers: check the customer id column",
        {"zh": "{file} 中没有任何客户：请检查客户列。"},
        {},
    ),
    (
        rf"{_F}: every customer is in the control group (?P<label>.+): there is no treated group to measure",
        {"zh": "{file} 中所有客户都在对照组 {label}：没有可衡量的活动组。"},
        {},
    ),
    (
        rf"{_F}: no campaign start date: pass --start YYYY-MM-DD or add a start column to the file",
        {"zh": "{file} 没有活动开始日：请在上方选择活动开始日，或在名单中加一列开始日期。"},
        {},
    ),
    (
        rf"the campaign window {_D.format('start')} to {_D.format('end')} lies outside the orders, which cover {_D.format('first')} to {_D.format('last')}: check --start or load the right export",
        {
            "zh": "活动窗口 {start} 至 {end} 不在订单的时间范围（{first} 至 {last}）内：请检查活动开始日，或上传对应时间的订单导出。"
        },
        {},
    ),
    (
        rf"the orders start on {_D.format('first')}: a campaign without control group needs the (?P<days>\d+) days before its start \({_D.format('start')}\) for a pre/post comparison; load an export that reaches back further or use a control group",
        {
            "zh": "订单从 {first} 开始：没有对照组的活动需要开始日（{start}）之前 {days} 天的订单做前后对比。请上传时间更早的订单导出，或使用对照组。"
        },
        {},
    ),
    # --- campaign and coupon warnings -----------------------------------------------------------
    (
        rf"the orders end on {_D.format('last')}, (?P<days>\d+) days before the window ends \({_D.format('end')}\): conversion and sales are counted over a shorter window",
        {"zh": "订单截止到 {last}，比活动窗口结束日（{end}）早 {days} 天：转化和成交按较短的窗口计算。"},
        {},
    ),
    (
        rf"the pre-trend check needs at least two windows of (?P<days>\d+) days before the pre window; the orders start on {_D.format('first')}, so parallel trends cannot be checked",
        {
            "zh": "活动前走势检查需要活动前窗口之前至少两个 {days} 天的窗口；订单从 {first} 开始，因此无法检查两组走势是否平行。"
        },
        {},
    ),
    (
        r"no control group: pre/post and difference-in-differences are directional, not measured uplift",
        {"zh": "没有对照组：活动前后对比与双重差分只是方向性参考，不是测得的提升。"},
        {},
    ),
    (
        r"every customer used a coupon code: there are no non-redeemers to compare with",
        {"zh": "所有顾客都用过优惠券：没有未用券的顾客可以比较。"},
        {},
    ),
    (
        rf"the orders end on {_D.format('last')}: no redeemer has (?P<days>[\d, ]+) days of data after redeeming yet, so those repeat rates cannot be computed",
        {"zh": "订单截止到 {last}：还没有用券顾客在用券后满 {days} 天，这些回购率暂时无法计算。"},
        {},
    ),
    # --- the assumptions a directional campaign result lists --------------------------------------
    (
        r"directional, not a randomised test: targeted customers were chosen, so they can differ from the rest",
        {"zh": "方向性参考，不是随机实验：名单客户是挑选出来的，本来就可能与其他客户不同。"},
        {},
    ),
    (
        r"parallel trends: without the campaign, targeted and non-targeted customers would have changed by the same amount from the pre window to the campaign window \(checked on earlier windows under pretrend\)",
        {
            "zh": "平行趋势：如果没有活动，名单客户与其他客户从活动前窗口到活动窗口的变化幅度相同（用更早的窗口检查）。"
        },
        {},
    ),
    (
        r"non-targeted customers are the identified customers with an order before the window start who are not in the campaign list",
        {"zh": "“其他客户”= 活动开始前下过单、但不在活动名单中的已识别顾客。"},
        {},
    ),
    (
        r"no spill-over: the campaign did not reach non-targeted customers \(shared coupons, word of mouth\)",
        {"zh": "无外溢：活动没有影响到名单外的客户（如转发的优惠券、口碑传播）。"},
        {},
    ),
    (
        r"no other event \(a sale, a holiday\) affected one group and not the other during the window",
        {"zh": "活动期间没有其他事件（促销、节假日）只影响其中一组。"},
        {},
    ),
    (
        r"pre/post alone counts seasonality and trends as campaign effect; prefer the difference-in-differences",
        {"zh": "仅看活动前后会把季节和趋势也算作活动效果；请优先参考双重差分。"},
        {},
    ),
]
PATTERNS: tuple[_Pattern, ...] = tuple(
    (re.compile(pattern, re.DOTALL), templates, converters) for pattern, templates, converters in _RULES
)


def localise_known(message: str, lang: str) -> str | None:
    """Return ``message`` translated to ``lang`` when a pattern knows it, else None.

    English (and any language without a template) returns the message itself.

    Examples
    --------
    >>> localise_known("the period ends (2025-01-01) before it starts (2025-02-01): swap the dates", "zh")
    '结束日期（2025-01-01）早于开始日期（2025-02-01）：请对调两个日期。'
    >>> localise_known("something new", "zh") is None
    True
    """
    text = message.strip()
    for pattern, templates, converters in PATTERNS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        template = templates.get(lang)
        if template is None:
            return message
        values = {k: converters.get(k, str)(v) for k, v in match.groupdict().items() if v is not None}
        return template.format(**values)
    return None


def localise_error(message: str, lang: str, hint: str = "hint_other") -> str:
    """Return an analytics message for the reader: translated when known, else English plus a hint.

    ``hint`` is the i18n key of the "what to do" text for the kind of problem (``hint_format``,
    ``hint_mapping``, ``hint_argument``, ``hint_other``); known messages carry their own advice.

    Examples
    --------
    >>> localise_error("something new", "en", "hint_other").startswith("something new")
    True
    """
    known = localise_known(message, lang)
    if known is not None and (known != message or lang == "en"):
        return known
    return f"{message}\n\n{translate(hint, lang)}"


def localise_warning(message: str, lang: str) -> str:
    """Return an analytics warning translated when known, else as it is (warnings need no hint)."""
    return localise_known(message, lang) or message
