"""The SQLite project file: schema, migrations, the writer lock, row journal and read queries.

All SQL of the app lives in this package.
"""
