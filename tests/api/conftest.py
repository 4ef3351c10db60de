"""API tests: a token for any user with any scopes, and a client that sends it."""

from __future__ import annotations

import pytest

from jobfair.services import api_tokens, unit_of_work


def token_for(user, scopes=None, days: int = 30) -> str:
    """A new token of ``user`` (every scope its role may hold unless ``scopes``)."""
    with unit_of_work():
        new = api_tokens.create_token(
            user, "test", list(scopes or api_tokens.scopes_for(user)), days
        )
    return new.secret


def bearer(secret: str, **headers) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **headers}


@pytest.fixture
def world(make):
    from tests.helpers.scenes import build_world

    return build_world(make)
