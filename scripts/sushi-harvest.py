#!/usr/bin/env python3
"""Harvest COUNTER R5.1 reports from a COUNTER_SUSHI server with celus-pycounter and sum what they hold.

    scripts/sushi-harvest.py --url http://HOST:PORT/sushi/r51 --key KEY --customer harbin \
        --begin 2026-11 --end 2026-11 pr tr ir

Prints one JSON object: for each report, either

    {"ok": true, "totals": {metric: n}, "months": {metric: {"yyyy-MM": n}}, "items": {id: {metric: n}},
     "data_types": {Data_Type: {metric: n}}, "item_count": n, "exceptions": []}

or, when the client raised (an Exception in the answer),

    {"ok": false, "error": "…", "exceptions": [{"Code": …, "Message": …}], "totals": {…}, "item_count": n}

The HTTP harvest is celus_pycounter.sushi5.get_sushi_stats_raw (what the Celus ERM harvests with). Its parser
(raw_to_full) knows only R5.0 shapes, so the R5.1 JSON (Report_Items → Attribute_Performance → Performance →
{metric: {month: count}}; the Item Report's items listed under "Items") is summed here. On an Exception the client
raises (Sushi5Error, or KeyError on R5.1's Exceptions, which have no Severity); the answer it received is read back
from its dump_file.
"""

import argparse
import io
import json
import sys

from celus_pycounter import sushi5


def month_bounds(text, last):
    """yyyy-MM → its first or last day (yyyy-MM-dd); a full date is passed through."""
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        return text  # a full date, or something the server is to refuse: passed through
    if not 1 <= month <= 12:
        return text
    if not last:
        return f"{year:04d}-{month:02d}-01"
    days = [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return f"{year:04d}-{month:02d}-{days[month - 1]:02d}"


def report_items(document):
    """Every report item, the Item Report's nested ones included."""
    for item in document.get("Report_Items", []):
        if "Items" in item:
            yield from item["Items"]
        else:
            yield item


def summarize(document):
    """Sums of every metric: in all, by month, by item (its proprietary id; the platform in the Platform Report) and
    by Data_Type."""
    totals, months, items, data_types = {}, {}, {}, {}
    count = 0
    for item in report_items(document):
        count += 1
        per_item = items.setdefault(item.get("Item_ID", {}).get("Proprietary") or item.get("Platform", ""), {})
        for attributes in item.get("Attribute_Performance", []):
            per_type = data_types.setdefault(attributes.get("Data_Type", ""), {})
            for metric, counts in attributes.get("Performance", {}).items():
                for month, value in counts.items():
                    totals[metric] = totals.get(metric, 0) + value
                    months.setdefault(metric, {})
                    months[metric][month] = months[metric].get(month, 0) + value
                    per_item[metric] = per_item.get(metric, 0) + value
                    per_type[metric] = per_type.get(metric, 0) + value
    return {"totals": totals, "months": months, "items": items, "data_types": data_types, "item_count": count}


def harvest(args, report):
    dump = io.BytesIO()
    try:
        document = sushi5.get_sushi_stats_raw(
            url=args.url,
            start_date=month_bounds(args.begin, last=False),
            end_date=month_bounds(args.end, last=True),
            customer_reference=args.customer,
            report=report,
            api_key=args.key,
            dump_file=dump,
        )
    except Exception as error:  # the client raises on any Exception in the answer
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        try:
            body = json.loads(dump.getvalue().decode("utf-8"))
        except ValueError:
            result["exceptions"] = []
            result["body"] = dump.getvalue().decode("utf-8", "replace")[:500]
            return result
        if isinstance(body, dict) and "Code" in body:
            result["exceptions"] = [body]
        elif isinstance(body, dict) and "Report_Header" in body:
            result["exceptions"] = body["Report_Header"].get("Exceptions", [])
            result.update(summarize(body))
        else:
            result["exceptions"] = []
        return result
    result = {"ok": True, "exceptions": document["Report_Header"].get("Exceptions", [])}
    result.update(summarize(document))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the COUNTER_SUSHI base, e.g. http://127.0.0.1:8080/sushi/r51")
    parser.add_argument("--key", required=True, help="the library's (or an admin's) API key")
    parser.add_argument("--customer", required=True, help="customer_id: the member library")
    parser.add_argument("--begin", required=True, help="first month, yyyy-MM")
    parser.add_argument("--end", required=True, help="last month, yyyy-MM")
    parser.add_argument("reports", nargs="+", choices=["pr", "tr", "ir"])
    args = parser.parse_args()
    json.dump({report: harvest(args, report) for report in args.reports}, sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
