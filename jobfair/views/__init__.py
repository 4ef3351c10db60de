"""One blueprint per audience."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from flask import Blueprint

Route = tuple[str, "Callable", list[str]]

_added: set[tuple[str, str]] = set()


def add_routes(bp: Blueprint, routes: Iterable[Route], owner: str) -> None:
    """Add ``routes`` (rule, view, methods) of module ``owner`` to ``bp``, once:
    blueprints live per process, while apps may be made several times."""
    if (bp.name, owner) in _added:
        return
    for rule, view, methods in routes:
        bp.add_url_rule(rule, view_func=view, methods=methods)
    _added.add((bp.name, owner))
