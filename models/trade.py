"""The trades a fair serves: the groups of the occupation taxonomy."""

from __future__ import annotations

import enum


class Trade(enum.StrEnum):
    """An employer's or a posting's trade.

    The same codes as the trades of ``matching/reference/occupations.json``
    (``matching.taxonomy.TRADES``); ``tests/models`` checks that they agree.
    """

    DELIVERY = "delivery"
    LOGISTICS = "logistics"
    LIVESTREAM = "livestream"
    OTHER = "other"
