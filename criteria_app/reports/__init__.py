"""Printed documents (Decree 30/2020/NĐ-CP format) and spreadsheets.

content.py   what each document says: frozen dataclasses, no Flask, no database
builders.py  content from the domain / the models (self-assessment report; helpers for the rest)
pdf.py       Jinja (templates/reports/) → WeasyPrint, fetching only the app's static files
charts.py    inline SVG charts for the recognition report
xlsx.py      the same tables as openpyxl workbooks

Sample content for every document lives with the tests (tests/reports/samples.py); the rendering
benchmark in bench/render_report.py.
"""
