"""Reading values out of a page."""

from __future__ import annotations

import re


def checked_values(html: str, name: str) -> list[str]:
    """Values of the checked checkboxes called ``name`` in ``html``."""
    values = []
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and "checked" in tag:
            match = re.search(r'value="([^"]*)"', tag)
            if match:
                values.append(match.group(1))
    return values
