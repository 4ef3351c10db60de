"""Clients for the tests: one that behaves like separate requests, and logging in."""

from __future__ import annotations

import flask_babel
from flask import g, has_app_context
from flask.testing import FlaskClient

import models
from jobfair.extensions import db
from tests.helpers.builders import PASSWORD


class Client(FlaskClient):
    """A test client that behaves as separate requests would in production.

    The test itself may hold an app context (to build data and check the
    database); requests then reuse it, so per-request state that Flask keeps on
    ``g`` (the logged-in user) is dropped before, and the test's own session is
    expired after each request so that it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
            flask_babel.refresh()  # the language too is chosen per request
        response = super().open(*args, **kwargs)
        if has_app_context():
            g.pop("_login_user", None)
            flask_babel.refresh()
            db.session.expire_all()
        return response


class Auth:
    """Log a test client in and out: ``Auth(client).login_as(user)``."""

    def __init__(self, client):
        self.client = client

    def login(self, identifier: str, password: str = PASSWORD):
        return self.client.post(
            "/auth/login", data={"identifier": identifier, "password": password}
        )

    def login_as(self, user: models.User, password: str = PASSWORD):
        response = self.login(user.phone or user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def logout(self):
        return self.client.post("/auth/logout")


def signup_code(client: FlaskClient, phone: str) -> str:
    """Ask for a sign-up code for ``phone`` as the page does; the code the console
    gateway "texted" (empty when the number already has an account)."""
    import re

    client.post("/auth/signup", data={"phone": phone, "send_code": "1"})
    try:
        mobile = _digits(phone)
    except ValueError:  # not a mobile number: no code was sent
        return ""
    text = client.application.extensions["jobfair.sms"].last_to(mobile) or ""
    found = re.search(r"验证码是(\d{6})", text)
    return found.group(1) if found else ""


def _digits(phone: str) -> str:
    from jobfair.validation import clean_mobile

    return clean_mobile(phone)
