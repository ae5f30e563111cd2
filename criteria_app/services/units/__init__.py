"""Administrative units (domain.md section 4).

dataset.py   the `vietnamadminunits` package's lists and conversion table, read once per process
importer.py  writes units and successions from them (and thị xã Cửa Lò before 12/2024)
queries.py   search by name, provinces by name, succession, validity
"""
