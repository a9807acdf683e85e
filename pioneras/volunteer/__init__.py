"""Volunteer tooling: the commands behind ``python3 tasks.py <command>`` (pioneras/__main__.py).

Each module holds one job (privacy guard, photo intake, cleaning, scaffolding, translation
status, withdrawing a photo). The privacy guard asks the build's publish gate
(pioneras.content.gate), so it needs the project's packages: it runs through tasks.py,
which uses the project's .venv. Nothing here imports MkDocs.
"""
