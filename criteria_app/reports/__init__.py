"""Printed documents (Decree 30/2020/NĐ-CP format) and spreadsheets.

content.py   what each document says: frozen dataclasses, no Flask, no database
builders.py  content from the data services hand over (every document: reports, minutes, tờ trình,
             decisions, letters)
pdf.py       Jinja (templates/reports/) → WeasyPrint, fetching only the app's static files
charts.py    inline SVG charts for the recognition report
xlsx.py      the same tables as openpyxl workbooks

Tests build every document from database records (tests/reports/); `make bench` times the reports.
"""
