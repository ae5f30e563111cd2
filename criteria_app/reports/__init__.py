"""Printed documents (Decree 30/2020/NĐ-CP format) and spreadsheets.

content.py   what each document says: frozen dataclasses, no Flask, no database
builders.py  content from the domain / the models (self-assessment report; helpers for the rest)
samples.py   realistic sample content for every document (tests, template work, benchmarks)
pdf.py       Jinja (templates/reports/) → WeasyPrint, fetching only the app's static files
charts.py    inline SVG charts for the recognition report
xlsx.py      the same tables as openpyxl workbooks
bench.py     python -m criteria_app.reports.bench N: time and memory of an N-unit report
"""
