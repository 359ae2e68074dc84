"""make bench, last step: the portal list of the customer with 1,000 layaways over HTTP, then the table.

Usage: bench_portal.py ROWS_JSON SERVER_URL SERVER_LOG. bench_scale.py wrote ROWS_JSON (its rows and
the portal customer's login); the server (bench.sh starts it) logs each request's query count.
"""

# A script: print() is its report. pylint: disable=print-used
import json
import re
import sys
import time

import requests


def portal_row(rows, url, log_path):
    """Log in as the portal customer, open /my/layaways 4 times: best time, the server's query count."""
    http = requests.Session()
    page = http.get(f"{url}/web/login", timeout=60).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    http.post(
        f"{url}/web/login",
        data={"login": rows["portal_login"], "password": rows["portal_password"], "csrf_token": csrf},
        timeout=60,
    )
    times, size = [], 0
    for _ in range(4):
        started = time.perf_counter()
        response = http.get(f"{url}/my/layaways", timeout=60)
        times.append(1000 * (time.perf_counter() - started))
        response.raise_for_status()
        size = len(response.content)
    # Odoo's request log line ends with: query count, query time, other time.
    with open(log_path, encoding="utf-8") as log:
        counts = re.findall(r'"GET /my/layaways HTTP/[\d.]+" 200 - (\d+) ', log.read())
    shown = len(re.findall(r"/my/layaways/\d+", response.text))
    total = re.search(r"(\d[\d,]*) layaways", response.text)
    return {
        "name": "portal: /my/layaways, 1,000 layaways",
        "n": rows["rows"][-1]["n"],
        "ms": round(min(times), 1),
        "queries": int(counts[-1]) if counts else None,
        "extra": f"{size:,} bytes, {shown} links on the page" + (f", {total.group(0)}" if total else ""),
    }


def main():
    """Measure the portal, print the whole table as Markdown."""
    rows_path, url, log_path = sys.argv[1:4]
    with open(rows_path, encoding="utf-8") as rows_file:
        rows = json.load(rows_file)
    rows["rows"].append(portal_row(rows, url, log_path))
    with open(rows_path, "w", encoding="utf-8") as rows_file:
        json.dump(rows, rows_file)
    print("| measure | N | time (ms) | queries | extra |")  # noqa: T201
    print("|---|---:|---:|---:|---|")  # noqa: T201
    for row in rows["rows"]:
        queries = "" if row["queries"] is None else row["queries"]
        print(f"| {row['name']} | {row['n']:,} | {row['ms']:,.1f} | {queries} | {row['extra']} |")  # noqa: T201


if __name__ == "__main__":
    main()
