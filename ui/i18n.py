# ruff: noqa: E501
# (translation strings read best unbroken, so long lines are allowed in this file)
"""Every visible string of the dashboard, in 简体中文 and English, and the current language.

The language lives in the URL (``?lang=zh`` or ``?lang=en``) so a shared link opens in the same
language; Chinese is the default because most store managers using the app read Chinese.
Metric definitions are taken word by word from DESIGN.md and shown as help text.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

LANGUAGES: dict[str, str] = {"zh": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"

ZH: dict[str, str] = {
    "app_title": "老客复购分析",
    "page_home": "概览",
    "page_repeat": "复购",
    "page_members": "会员/非会员",
    "page_returning": "老客占比",
    "page_tiers": "会员等级分布",
    "page_campaign": "活动效果",
    "page_history": "历史数据",
    # sidebar
    "sidebar_language": "语言 / Language",
    "sidebar_period": "统计周期",
    "preset_7": "最近 7 天",
    "preset_30": "最近 30 天",
    "preset_90": "最近 90 天",
    "preset_month": "本月",
    "preset_custom": "自定义",
    "custom_range": "起止日期",
    "sidebar_compare": "对比周期",
    "compare_previous": "上一周期（等长）",
    "compare_year": "去年同期",
    "compare_none": "不对比",
    "period_caption": "{start} 至 {end}（{days} 天）",
    "compare_caption": "对比：{start} 至 {end}",
    "data_ends": "数据截止 {day}",
    "sidebar_store": "店铺",
    "sidebar_channel": "渠道",
    "all_values": "全部",
    "period_invalid": "所选周期内没有订单：{message}",
    # upload and data quality
    "sample_banner": "正在查看示例数据 (Sample data) — 上传你的订单导出文件以查看自己店铺的数据",
    "upload_label": "上传订单导出文件、会员名单、活动名单（可多选，支持 .xlsx / .xls / .csv）",
    "upload_help": "淘宝/天猫“已卖出的宝贝”导出、Shopify 订单导出或任意含下单时间和实付金额的表格；"
    "会员名单需含会员名和会员等级；活动名单需含客户和分组。文件会按表头自动识别。",
    "uploaded_files": "已上传文件",
    "file_name": "文件",
    "file_kind": "类型",
    "kind_orders": "订单",
    "kind_members": "会员名单",
    "kind_campaign": "活动名单",
    "kind_unknown": "无法识别",
    "kind_help": "按表头自动识别；如识别有误，请在此更正。",
    "clear_uploads": "清除上传，返回示例数据",
    "file_error": "无法读取 {file}：{message}",
    "what_to_upload": "请上传淘宝/天猫订单导出（.xlsx 或 .csv）、Shopify 订单导出，或含下单时间、实付金额、"
    "客户的表格。可下载下面的示例文件和模板对照格式。",
    "no_orders_file": "还没有订单文件：会员名单和活动名单需要与订单一起上传。",
    "download_samples": "示例文件与模板",
    "data_quality": "数据质量",
    "rows_read": "读取行数",
    "rows_used": "有效行数",
    "rows_dropped": "剔除行数",
    "dropped_by_reason": "剔除原因",
    "reason": "原因",
    "rows": "行数",
    "show_dropped": "查看被剔除的行",
    "download_dropped": "下载被剔除的行 (CSV)",
    "no_dropped": "没有剔除任何行。",
    "file_summary": "{file}：{fmt}，编码 {encoding}，表头在第 {header_row} 行，读取 {read} 行，有效 {used} 行",
    "unknown_statuses": "{file} 中有未识别的订单状态（已按有效订单计算）：{values}",
    # drop reasons
    "reason_cancelled": "交易关闭/已取消",
    "reason_unpaid": "未付款",
    "reason_refunded": "已全额退款",
    "reason_cancellation_invoice": "取消单据",
    "reason_duplicate_order": "重复订单",
    "reason_duplicate_row": "重复行",
    "reason_bad_date": "日期无法识别",
    "reason_bad_amount": "金额无法识别",
    "reason_negative_amount": "负金额（退款行）",
    "reason_missing_order_id": "缺少订单编号",
    "reason_blank_row": "空行",
    # KPI cards
    "kpis": "核心指标",
    "kpi_customers": "成交人数",
    "kpi_orders": "订单数",
    "kpi_sales": "成交金额",
    "kpi_repeat_rate": "复购率",
    "kpi_returning_sales_share": "老客成交金额占比",
    "kpi_member_sales_share": "会员成交金额占比",
    "kpi_returning_customer_rate": "老客成交人数占比",
    "kpi_aov": "客单价",
    "vs_comparison": "对比 {start} 至 {end}",
    "n_of_N_customers": "{n} / {d} 位顾客",
    "no_members_known": "未上传会员名单",
    "small_sample": "样本较少（少于 30 位顾客），比例波动较大。",
    # definitions (DESIGN.md)
    "def_customers": "成交人数：统计周期内至少有一笔有效订单的已识别顾客数（游客不计入）。",
    "def_orders": "订单数：统计周期内的有效订单数（含游客订单）。",
    "def_sales": "成交金额：统计周期内有效订单的实付金额合计（含游客，已扣除退款）。",
    "def_repeat_rate": "复购率：统计周期内在 2 个及以上不同日期购买的顾客 ÷ 成交人数。同一天的多笔订单算一次购买。"
    "周期为 30 天时即 30 天复购率。",
    "def_returning_customer_rate": "老客成交人数占比：老客 ÷ 成交人数。老客 = 在全部已加载数据中首次购买日早于周期开始日的顾客。",
    "def_returning_sales_share": "老客成交金额占比：老客在周期内的成交金额 ÷ 成交金额（游客金额计入分母）。",
    "def_member_sales_share": "会员成交金额占比：周期内会员的成交金额 ÷ 全部成交金额（游客既非会员也非非会员，"
    "因此会员与非会员占比之和可能小于 100%）。",
    "def_repurchase_within": "N 天内回购率：首次购买日 f 在统计周期内且 f 不晚于数据最后一天减 N 天的顾客中，"
    "在 (f, f+N] 内再次购买的比例。",
    "def_aov": "客单价：成交金额 ÷ 订单数。",
    "def_intervals": "购买间隔：同一顾客相邻两个购买日之间的天数；建议关怀周期取第 75 百分位。",
    "def_cohort": "同期群留存：按首次购买月份分组，第 k 个月仍有购买的顾客比例；未完整观察的月份标为灰色。",
    "def_tiers": "会员等级：会员数 = 名单中该等级的会员；购买人数 = 该等级在周期内购买的会员；"
    "复购率按该等级购买会员计算。",
    "def_members": "会员/非会员：周期内已识别顾客按是否会员拆分；成交占比以全部成交金额为分母；"
    "客单价 = 成交金额 ÷ 订单数。",
    "def_campaign": "活动效果：活动窗口 = 开始日至开始日 + 天数 − 1。转化 = 窗口内有订单的顾客；"
    "转化提升 = 实验组转化率 − 对照组转化率（95% 置信区间，双比例检验）；"
    "人均消费提升 = 人均成交金额之差（含未购买的 0，Welch t 检验）；增量成交金额 = 人均消费提升 × 实验组人数。",
    "def_trend": "按日/周统计老客的成交人数占比与成交金额占比；老客 = 首次购买日早于该日/周开始的顾客。",
    # repeat page
    "repeat_title": "复购",
    "repeat_windows": "每 30 天周期的复购率",
    "windows_count": "周期数",
    "repurchase_within": "{days} 天内回购率",
    "repurchase_days": "回购天数 N",
    "intervals": "购买间隔",
    "median_interval": "购买间隔中位数",
    "care_cycle": "建议关怀周期（第 75 百分位）",
    "days_unit": "{days} 天",
    "cohorts": "同期群留存",
    "cumulative": "累计留存",
    "not_enough_data": "数据不足，无法计算此图。",
    # members page
    "members_title": "会员/非会员",
    "member": "会员",
    "non_member": "非会员",
    "guest": "游客",
    "group": "分组",
    "customers": "成交人数",
    "orders": "订单数",
    "sales": "成交金额",
    "sales_share": "成交金额占比",
    "aov": "客单价",
    "orders_per_customer": "人均订单数",
    "repeat_purchase_rate": "复购率",
    "needs_members": "此页需要会员信息：请在概览页上传会员名单（含会员名、会员等级），或使用含“是否会员/会员等级”列的订单导出。",
    "download_member_template": "下载会员名单模板",
    # returning page
    "returning_title": "老客占比",
    "returning": "老客",
    "new": "新客",
    "returning_buyers": "老客成交人数占比",
    "returning_sales": "老客成交金额占比",
    "trend_freq": "粒度",
    "freq_D": "按日",
    "freq_W": "按周",
    "freq_M": "按月",
    "unidentified_sales_share": "游客成交金额占比",
    # tiers page
    "tiers_title": "会员等级分布",
    "tier": "会员等级",
    "members_count": "会员数",
    "buyers": "购买人数",
    # campaign page
    "campaign_title": "活动效果",
    "needs_campaign": "此页需要活动名单：请在概览页上传含客户和分组（如 实验组/对照组）的名单。",
    "download_campaign_template": "下载活动名单模板",
    "control_label": "对照组",
    "control_auto": "自动识别",
    "campaign_start": "活动开始日",
    "campaign_days": "活动天数",
    "arm": "实验组",
    "converters": "转化人数",
    "conversion_rate": "转化率",
    "sales_per_customer": "人均成交金额",
    "conversion_uplift": "转化提升",
    "spend_uplift": "人均消费提升",
    "incremental_sales": "增量成交金额",
    "p_value": "p 值",
    "ci95": "95% 置信区间",
    "warnings": "提示",
    "directional": "无对照组：结果仅供参考（方向性）。",
    # mapping editor
    "mapping_title": "调整列对应关系",
    "mapping_intro": "无法自动识别 {file} 的部分列。请为每个字段选择对应的列（下方为前几行预览），选择会按表头记住。",
    "mapping_open": "调整列对应",
    "mapping_apply": "应用",
    "mapping_reset": "恢复自动识别",
    "mapping_none": "（无）",
    "mapping_required": "必填",
    "preview": "预览前几行",
    "field_order_id": "订单编号",
    "field_customer_id": "客户（买家会员名）",
    "field_order_time": "下单/付款时间",
    "field_amount": "实付金额",
    "field_status": "订单状态",
    "field_refunded_amount": "退款金额",
    "field_quantity": "数量",
    "field_store": "店铺",
    "field_channel": "渠道",
    "field_region": "地区",
    "field_coupon_code": "优惠券",
    "field_is_member": "是否会员",
    "field_tier": "会员等级",
    "field_unit_price": "单价",
    "field_created_time": "创建时间",
    "field_paid_time": "付款时间",
    "field_cancelled_at": "取消时间",
    "field_financial_status": "支付状态",
    # charts
    "download_png": "下载图片 (PNG)",
    "chart_store": "店铺：{store}",
    "all_stores": "全部店铺",
    "period_label": "周期：{start} 至 {end}",
    "definition": "口径",
    # history
    "history_title": "历史数据",
    "history_unavailable": "历史数据功能尚未启用。",
    "save_to_history": "保存本次上传到历史数据",
    "saved": "已保存：新增 {added} 笔，更新 {updated} 笔，重复 {duplicates} 笔。",
    "loaded_days": "已加载的日期（空白为缺失）",
    "uploads": "上传记录",
    "delete_upload": "删除所选上传",
    "use_history": "合并历史数据计算",
    "shop": "店铺",
    "error_generic": "处理 {file} 时出错：{message}",
    # chart series and panel names
    "chart_rate": "复购率",
    "chart_ci": "95% 置信区间",
    "chart_small_sample": "顾客少于 30 位",
    "chart_empty": "此周期没有可绘制的数据",
    "chart_days": "{days} 天",
    "chart_buyers_share": "成交人数占比",
    "chart_sales_share": "成交金额占比",
    "chart_new_or_guest": "新客及游客",
    "chart_no_tier": "未分级",
    "chart_median": "中位数 {days} 天",
    "chart_care_cycle": "关怀周期 {days} 天",
    "chart_immature": "未完整观察",
    "chart_interval_customers": "购买间隔次数",
    "months_since": "首购后第几个月",
    "first_month": "首购月份",
    "interval_days": "相邻两次购买间隔（天）",
    "repurchase_title": "新客 N 天内回购率",
    "members_chart_title": "会员与非会员对比",
    "returning_chart_title": "老客/新客的成交人数与成交金额占比",
    "tiers_chart_title": "各会员等级的会员数、购买人数、成交金额与复购率",
    "campaign_chart_title": "活动各组转化率、转化提升与增量成交金额",
    "data_range": "全部数据 {start} 至 {end}",
    "windows_range": "{count} 个 30 天周期",
    "arms_table": "各组结果",
    "directional_results": "活动前后与双重差分（方向性）",
    "members_missing_warning": "未在订单中找到的名单客户：{n}",
}

EN: dict[str, str] = {
    "app_title": "Returning customers",
    "page_home": "Overview",
    "page_repeat": "Repeat purchase",
    "page_members": "Members vs non-members",
    "page_returning": "Returning-customer share",
    "page_tiers": "Tier distribution",
    "page_campaign": "Campaign uplift",
    "page_history": "History",
    "sidebar_language": "语言 / Language",
    "sidebar_period": "Period",
    "preset_7": "Last 7 days",
    "preset_30": "Last 30 days",
    "preset_90": "Last 90 days",
    "preset_month": "This month",
    "preset_custom": "Custom",
    "custom_range": "Start and end dates",
    "sidebar_compare": "Compare with",
    "compare_previous": "Previous period (same length)",
    "compare_year": "Same period last year",
    "compare_none": "No comparison",
    "period_caption": "{start} to {end} ({days} days)",
    "compare_caption": "Compared with {start} to {end}",
    "data_ends": "Data ends {day}",
    "sidebar_store": "Store",
    "sidebar_channel": "Channel",
    "all_values": "All",
    "period_invalid": "No orders in the chosen period: {message}",
    "sample_banner": "正在查看示例数据 (Sample data) — upload your order export to see your own store",
    "upload_label": "Upload order exports, a member list, a campaign list (several at once; .xlsx / .xls / .csv)",
    "upload_help": "A Taobao/Tmall sold-items export, a Shopify orders export or any table with the order time "
    "and the amount paid; a member list needs the member name and tier; a campaign list needs the "
    "customer and the group. Files are recognised by their headers.",
    "uploaded_files": "Uploaded files",
    "file_name": "File",
    "file_kind": "Kind",
    "kind_orders": "Orders",
    "kind_members": "Member list",
    "kind_campaign": "Campaign list",
    "kind_unknown": "Not recognised",
    "kind_help": "Recognised from the headers; correct it here if it is wrong.",
    "clear_uploads": "Clear uploads, back to the sample data",
    "file_error": "Cannot read {file}: {message}",
    "what_to_upload": "Upload a Taobao/Tmall order export (.xlsx or .csv), a Shopify orders export, or a table "
    "with the order time, the amount paid and the customer. Download the sample files and templates "
    "below to compare formats.",
    "no_orders_file": "No orders file yet: member and campaign lists are read together with an orders export.",
    "download_samples": "Sample files and templates",
    "data_quality": "Data quality",
    "rows_read": "Rows read",
    "rows_used": "Rows used",
    "rows_dropped": "Rows dropped",
    "dropped_by_reason": "Dropped by reason",
    "reason": "Reason",
    "rows": "Rows",
    "show_dropped": "Show the dropped rows",
    "download_dropped": "Download the dropped rows (CSV)",
    "no_dropped": "No rows were dropped.",
    "file_summary": "{file}: {fmt}, encoding {encoding}, header on row {header_row}, {read} rows read, "
    "{used} used",
    "unknown_statuses": "{file} has order states the app does not know (counted as valid): {values}",
    "reason_cancelled": "Closed / cancelled",
    "reason_unpaid": "Unpaid",
    "reason_refunded": "Fully refunded",
    "reason_cancellation_invoice": "Cancellation invoice",
    "reason_duplicate_order": "Duplicate order",
    "reason_duplicate_row": "Duplicate row",
    "reason_bad_date": "Unreadable date",
    "reason_bad_amount": "Unreadable amount",
    "reason_negative_amount": "Negative amount (refund line)",
    "reason_missing_order_id": "Missing order id",
    "reason_blank_row": "Blank row",
    "kpis": "Key figures",
    "kpi_customers": "Customers",
    "kpi_orders": "Orders",
    "kpi_sales": "Sales",
    "kpi_repeat_rate": "Repeat-purchase rate",
    "kpi_returning_sales_share": "Returning customers' share of sales",
    "kpi_member_sales_share": "Members' share of sales",
    "kpi_returning_customer_rate": "Returning customers' share of buyers",
    "kpi_aov": "Average order value",
    "vs_comparison": "vs {start} to {end}",
    "n_of_N_customers": "{n} of {d} customers",
    "no_members_known": "No member list uploaded",
    "small_sample": "Small sample (fewer than 30 customers): the rate moves a lot with one customer.",
    "def_customers": "Customers: identified customers with at least one order in the period (guests excluded).",
    "def_orders": "Orders: valid orders in the period, guests included.",
    "def_sales": "Sales: the amount paid for the period's valid orders, guests included, net of refunds.",
    "def_repeat_rate": "Repeat-purchase rate: customers with purchases on 2 or more distinct days in the period / "
    "customers. Two orders on one day are one purchase. With a 30-day period this is the 30-day-cycle rate.",
    "def_returning_customer_rate": "Returning customers' share of buyers: returning / customers. A returning "
    "customer's first purchase day in all loaded data is before the period starts.",
    "def_returning_sales_share": "Returning customers' share of sales: their sales in the period / sales "
    "(guest sales count in the total).",
    "def_member_sales_share": "Members' share of sales: members' sales in the period / all sales (guests are "
    "neither members nor non-members, so the two shares need not add up to 100%).",
    "def_repurchase_within": "Repurchase within N days: among customers whose first purchase day f lies in the "
    "period and f <= last day in the data - N, the share with a purchase day in (f, f+N].",
    "def_aov": "Average order value: sales / orders.",
    "def_intervals": "Time between purchases: days between consecutive purchase days of a customer; the suggested "
    "care cycle is the 75th percentile.",
    "def_cohort": "Cohort retention: customers grouped by first-purchase month, share buying in month k after; "
    "months not fully observed are greyed.",
    "def_tiers": "Tiers: members = in the member list; buyers = members of the tier who bought in the period; "
    "repeat rate among the tier's buyers.",
    "def_members": "Members vs non-members: the period's identified customers split by membership; share of all "
    "sales; AOV = sales / orders.",
    "def_campaign": "Campaign uplift: window = start .. start + days - 1. A converter has an order in the window; "
    "conversion uplift = arm rate - control rate (95% CI, two-proportion test); spend uplift = difference of "
    "sales per customer with zeros included (Welch t-test); incremental sales = spend uplift x arm customers.",
    "def_trend": "Returning customers' share of buyers and of sales by day/week; returning = first purchase day "
    "before the day/week starts.",
    "repeat_title": "Repeat purchase",
    "repeat_windows": "Repeat-purchase rate per 30-day window",
    "windows_count": "Windows",
    "repurchase_within": "Repurchase within {days} days",
    "repurchase_days": "Repurchase days N",
    "intervals": "Time between purchases",
    "median_interval": "Median time between purchases",
    "care_cycle": "Suggested care cycle (75th percentile)",
    "days_unit": "{days} days",
    "cohorts": "Cohort retention",
    "cumulative": "Cumulative",
    "not_enough_data": "Not enough data for this chart.",
    "members_title": "Members vs non-members",
    "member": "Members",
    "non_member": "Non-members",
    "guest": "Guests",
    "group": "Group",
    "customers": "Customers",
    "orders": "Orders",
    "sales": "Sales",
    "sales_share": "Share of sales",
    "aov": "AOV",
    "orders_per_customer": "Orders per customer",
    "repeat_purchase_rate": "Repeat-purchase rate",
    "needs_members": "This page needs membership: upload a member list (member name and tier) on the Overview "
    "page, or an orders export with member/tier columns.",
    "download_member_template": "Download the member list template",
    "returning_title": "Returning-customer share",
    "returning": "Returning",
    "new": "New",
    "returning_buyers": "Returning customers' share of buyers",
    "returning_sales": "Returning customers' share of sales",
    "trend_freq": "Granularity",
    "freq_D": "By day",
    "freq_W": "By week",
    "freq_M": "By month",
    "unidentified_sales_share": "Guest share of sales",
    "tiers_title": "Tier distribution",
    "tier": "Tier",
    "members_count": "Members",
    "buyers": "Buyers",
    "campaign_title": "Campaign uplift",
    "needs_campaign": "This page needs a campaign list: upload a list with the customer and the group "
    "(e.g. treatment/control) on the Overview page.",
    "download_campaign_template": "Download the campaign list template",
    "control_label": "Control group",
    "control_auto": "Automatic",
    "campaign_start": "Campaign start",
    "campaign_days": "Campaign days",
    "arm": "Arm",
    "converters": "Converters",
    "conversion_rate": "Conversion rate",
    "sales_per_customer": "Sales per customer",
    "conversion_uplift": "Conversion uplift",
    "spend_uplift": "Spend uplift per customer",
    "incremental_sales": "Incremental sales",
    "p_value": "p-value",
    "ci95": "95% CI",
    "warnings": "Warnings",
    "directional": "No control group: the result is directional only.",
    "mapping_title": "Adjust columns",
    "mapping_intro": "Some columns of {file} could not be recognised. Pick the column for each field (a preview "
    "of the first rows is below); the choice is remembered for files with the same headers.",
    "mapping_open": "Adjust columns",
    "mapping_apply": "Apply",
    "mapping_reset": "Back to automatic",
    "mapping_none": "(none)",
    "mapping_required": "required",
    "preview": "Preview of the first rows",
    "field_order_id": "Order id",
    "field_customer_id": "Customer",
    "field_order_time": "Order / paid time",
    "field_amount": "Amount paid",
    "field_status": "Order status",
    "field_refunded_amount": "Refunded amount",
    "field_quantity": "Quantity",
    "field_store": "Store",
    "field_channel": "Channel",
    "field_region": "Region",
    "field_coupon_code": "Coupon code",
    "field_is_member": "Member?",
    "field_tier": "Tier",
    "field_unit_price": "Unit price",
    "field_created_time": "Created time",
    "field_paid_time": "Paid time",
    "field_cancelled_at": "Cancelled at",
    "field_financial_status": "Financial status",
    "download_png": "Download PNG",
    "chart_store": "Store: {store}",
    "all_stores": "All stores",
    "period_label": "Period: {start} to {end}",
    "definition": "Definition",
    "history_title": "History",
    "history_unavailable": "The history store is not available yet.",
    "save_to_history": "Save this upload to the history",
    "saved": "Saved: {added} added, {updated} updated, {duplicates} duplicates.",
    "loaded_days": "Loaded days (gaps are missing days)",
    "uploads": "Uploads",
    "delete_upload": "Delete the selected upload",
    "use_history": "Include the stored history",
    "shop": "Shop",
    "error_generic": "Problem with {file}: {message}",
    "chart_rate": "Repeat-purchase rate",
    "chart_ci": "95% interval",
    "chart_small_sample": "Fewer than 30 customers",
    "chart_empty": "Nothing to draw for this period",
    "chart_days": "{days} days",
    "chart_buyers_share": "Share of buyers",
    "chart_sales_share": "Share of sales",
    "chart_new_or_guest": "New and guests",
    "chart_no_tier": "No tier",
    "chart_median": "Median {days} days",
    "chart_care_cycle": "Care cycle {days} days",
    "chart_immature": "Not fully observed",
    "chart_interval_customers": "Gaps",
    "months_since": "Months since first purchase",
    "first_month": "First-purchase month",
    "interval_days": "Days between consecutive purchases",
    "repurchase_title": "New customers buying again within N days",
    "members_chart_title": "Members vs non-members",
    "returning_chart_title": "Returning vs new customers: share of buyers and of sales",
    "tiers_chart_title": "Members, buyers, sales and repeat rate per tier",
    "campaign_chart_title": "Conversion per group, uplift and incremental sales",
    "data_range": "All data {start} to {end}",
    "windows_range": "{count} windows of 30 days",
    "arms_table": "Results per group",
    "directional_results": "Before/after and difference-in-differences (directional)",
    "members_missing_warning": "Listed customers not found in the orders: {n}",
}

STRINGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


def translate(key: str, lang: str, **values: object) -> str:
    """Return the string ``key`` in ``lang`` with ``values`` filled in.

    A key missing from the language falls back to English, then to the key itself, so a
    forgotten translation shows up as readable text rather than a crash.

    Examples
    --------
    >>> translate("n_of_N_customers", "en", n="412", d="1,030")
    '412 of 1,030 customers'
    """
    text = STRINGS.get(lang, ZH).get(key) or EN.get(key) or key
    return text.format(**values) if values else text


def current_lang() -> str:
    """Return the language of this session: the URL's ``lang`` when valid, else Chinese."""
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """Return the visible string ``key`` in the session's language."""
    return translate(key, current_lang(), **values)


def reason_label(reason: str) -> str:
    """Return the translated label of a drop-reason key, or the key when unknown."""
    label = t(f"reason_{reason}")
    return reason if label == f"reason_{reason}" else label


def option_labels(prefix: str = "") -> Callable[[object], str]:
    """Return a ``format_func`` translating option ``value`` as the key ``prefix + value``.

    The language is fixed when the widget is drawn: Streamlit may call a ``format_func`` again
    outside the script run (widget state), where the URL's language is not available.
    """
    lang = current_lang()
    return lambda value: translate(f"{prefix}{value}", lang)
