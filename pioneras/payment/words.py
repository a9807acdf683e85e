"""How the codes' data is written out as text, with the page language's words.

The words themselves are content: the ``payment:`` block of each language in data/ui.yml
(labels, "any amount you choose", and the codes' accessible names with {recipient}).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Mapping


def written_out(labels: Mapping[str, str], rows: list[tuple[str, str | None]]
                ) -> tuple[tuple[tuple[str, str], ...], str]:
    """(label key, value) rows -> the labelled rows and the same as text, one "label: value" a line."""
    details = tuple((labels[key], value) for key, value in rows if value)
    return details, "\n".join(f"{label}: {value}" for label, value in details)


def amount_text(labels: Mapping[str, str], amount: Decimal | None) -> str:
    return f"{amount:.2f}" if amount is not None else labels["any_amount"]
