"""Security headers on every response, and the request body limit.

Every response (pages, JSON, static files, errors) gets a Content-Security-Policy
that allows scripts only from our own static files (no inline script, no
``eval``), refuses framing, plugins and foreign form targets; and
``X-Content-Type-Options``, ``Referrer-Policy``, ``Permissions-Policy`` and
``X-Frame-Options``. In production (``ProductionConfig``) ``HSTS`` is added too;
its cookies are ``Secure`` there (config.py).

Styles: templates use ``style=""`` attributes (a match bar's width, ``pre-line``
text), so inline style *attributes* are allowed, but not ``<style>`` elements
(``style-src-elem 'self'``). Browsers without the CSP 3 ``-elem``/``-attr``
directives fall back to ``style-src``.

No page uses the camera, microphone or location (the kiosk finds people by
typed mobile numbers and names, and prints), so Permissions-Policy denies them
all to every page and every frame.
"""

from __future__ import annotations

from flask import Flask, abort, request

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "style-src-elem": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# features Chromium, Firefox and Safari all know (an unknown one is a console warning)
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "midi",
    "display-capture",
    "accelerometer",
    "gyroscope",
    "magnetometer",
)

HEADERS = {
    "Content-Security-Policy": "; ".join(f"{name} {value}" for name, value in CSP.items()),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers without frame-ancestors
    "Referrer-Policy": "same-origin",  # ids in our URLs never reach another site
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in DENIED_FEATURES),
    "Cross-Origin-Opener-Policy": "same-origin",
}


def headers_for(app: Flask) -> dict[str, str]:
    """The headers every response of ``app`` carries (HSTS where HSTS_SECONDS is set)."""
    headers = dict(HEADERS)
    seconds = app.config.get("HSTS_SECONDS") or 0
    if seconds:
        headers["Strict-Transport-Security"] = f"max-age={int(seconds)}"
    return headers


def size_text(size: int) -> str:
    """``1 MB``, ``512 KB``: a byte limit as a person reads it."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return f"{max(1, size // 1024)} KB"


def init_app(app: Flask) -> None:
    headers = headers_for(app)

    def refuse_large_body() -> None:
        """A body declared larger than MAX_CONTENT_LENGTH is refused before anything
        reads it (Werkzeug also stops a body without a declared length at the limit)."""
        limit = app.config.get("MAX_CONTENT_LENGTH")
        if limit and (request.content_length or 0) > limit:
            abort(413)

    # first, before the CSRF check or a view reads the form
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_large_body)

    wanted = [(name.lower(), name, value) for name, value in headers.items()]

    @app.after_request
    def security_headers(response):
        """Add each header the view did not set itself (a third of Headers.setdefault's cost)."""
        have = {name.lower() for name, _ in response.headers.items()}
        for lower, name, value in wanted:
            if lower not in have:
                response.headers.add(name, value)
        return response
