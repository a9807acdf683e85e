"""Volunteer tooling: the commands behind ``python3 tasks.py <command>`` (pioneras/__main__.py).

Each module holds one job (privacy guard, photo intake, scaffolding, translation status).
The privacy guard uses only the standard library, so the pre-commit hook runs with any
Python 3.8+ even before the project's virtualenv exists. Nothing here imports MkDocs.
"""
