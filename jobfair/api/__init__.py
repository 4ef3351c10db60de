"""The JSON API, version 1 (``/api/v1``): flask-smorest with marshmallow schemas.

The OpenAPI 3.1 document (``/api/v1/openapi.json``) is generated from the views'
schemas and decorators; ``/api/v1/docs`` shows it with the vendored Swagger UI.
One blueprint per audience (public, seeker, employer, staff); every operation
calls the services the web pages call. Only ``Authorization: Bearer`` tokens
authenticate (never the session cookie), so the API is exempt from CSRF.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from .. import access
from ..extensions import csrf
from . import employer, seeker, staff, tokens_web
from . import public as public_ops
from .core import BEARER, Api

BLUEPRINTS = (public_ops.blp, seeker.blp, employer.blp, staff.blp)

docs_bp = Blueprint("api_docs_page", __name__)


@docs_bp.get("/api/v1/docs")
@access.public
def docs():
    """The browsable API document (its script is a static file: no inline script)."""
    return render_template("api/docs.html")


def init_app(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "jobfair API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_RATE_LIMIT", "120 per minute")
    api = Api()
    app.extensions["jobfair.api"] = api
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "Job fairs for gig workers. Public operations need no token; the others "
                    "need a personal access token (account page, 'API tokens') sent as "
                    "`Authorization: Bearer jf_...`, with the scope each operation names. "
                    "Errors are application/problem+json (RFC 9457) in the language of "
                    "Accept-Language."
                )
            },
            "servers": [{"url": "/"}],
        },
    )
    if "bearerAuth" not in api.spec.components.security_schemes:
        api.spec.components.security_scheme(
            BEARER, {"type": "http", "scheme": "bearer", "bearerFormat": "jf_ token"}
        )
    for blp in BLUEPRINTS:
        csrf.exempt(blp)
        api.register_blueprint(blp)
    app.view_functions["api-docs.openapi_json"] = access.public(
        _plain(app.view_functions["api-docs.openapi_json"])
    )
    csrf.exempt(public_ops.fallback)
    app.register_blueprint(public_ops.fallback)  # other paths under /api/v1: problems
    app.register_blueprint(docs_bp)
    app.register_blueprint(tokens_web.bp)


def _plain(method):
    """A bound method as a function (that can carry the ``roles`` mark)."""

    def openapi_json():
        return method()

    return openapi_json
