"""Time and peak memory of rendering a recognition report for N units, from sample content
(tests/reports/samples.py), in this process: content, HTML, layout, PDF writing, XLSX.

    python bench/render_report.py 130            # report with charts and one annex per unit
    python bench/render_report.py 3321 --no-annexes
    python bench/render_report.py 130 --out report-130.pdf

Prints one line: units, pages, PDF bytes, seconds (content, HTML, layout, PDF writing), XLSX
seconds, peak RSS. Run each size in its own process: peak RSS (ru_maxrss) only grows.
bench/reports.py measures the whole process instead (a synthetic campaign, the background job).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # the project: criteria_app and tests/


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", type=int)
    parser.add_argument("--no-annexes", action="store_true", help="leave out the per-unit annexes")
    parser.add_argument("--no-charts", action="store_true")
    parser.add_argument("--out", help="write the PDF here")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from criteria_app.reports import pdf, xlsx
    from tests.reports import samples
    pdf._weasyprint()
    t_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = samples.example_recognition_report(args.units, show_unit_annexes=not args.no_annexes,
                                                show_charts=not args.no_charts)
    t_content = time.perf_counter() - t0
    t0 = time.perf_counter()
    html = pdf.render_html("reports/recognition_report.html", report)
    t_html = time.perf_counter() - t0
    weasyprint = pdf._weasyprint()
    t0 = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=pdf.STATIC_URL, url_fetcher=pdf.make_fetcher()).render()
    t_layout = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = document.write_pdf()
    t_write = time.perf_counter() - t0
    pages = len(document.pages)
    t0 = time.perf_counter()
    book = xlsx.recognition_xlsx(report)
    t_xlsx = time.perf_counter() - t0
    if args.out:
        with open(args.out, "wb") as fh:
            fh.write(data)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"units={args.units} annexes={not args.no_annexes} charts={not args.no_charts} "
          f"pages={pages} pdf_bytes={len(data)} import={t_import:.2f}s content={t_content:.2f}s "
          f"html={t_html:.2f}s layout={t_layout:.2f}s write={t_write:.2f}s pdf_total={t_layout + t_write:.2f}s "
          f"xlsx={t_xlsx:.2f}s ({len(book)} bytes) "
          f"peak_rss={peak_mb:.0f}MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
