"""Structured logs (jobfair/logs.py): one JSON line per request with its id, user, route,
status and duration; no mobile number or seeker name in any line (tests/helpers/log_guard.py)."""

from __future__ import annotations

import json
import logging
import logging.config
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

import models
from jobfair.extensions import db
from jobfair.logs import (
    JsonFormatter,
    PersonalDataFilter,
    TextFormatter,
    gunicorn_logconfig_dict,
    make_handler,
)
from tests.helpers.clients import Auth, Client, signup_code
from tests.helpers.log_guard import LogGuard, session_guard

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
def json_client(app_with):
    app = app_with(LOG_FORMAT="json")
    app.test_client_class = Client
    return app.test_client()


def json_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]


def access_lines(capsys) -> list[dict]:
    return [line for line in json_lines(capsys) if line["logger"] == "jobfair.access"]


def test_one_json_line_per_request_with_its_id_route_status_and_duration(json_client, capsys):
    capsys.readouterr()
    response = json_client.get("/postings/12345?q=13812345678")

    (line,) = access_lines(capsys)
    assert response.status_code == 404
    assert ISO_UTC.fullmatch(line["time"]) and line["level"] == "INFO"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["route"] == "/postings/<int:posting_id>"  # the rule: no id, no query string
    assert line["method"] == "GET" and line["status"] == 404
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 10_000
    assert isinstance(line["cpu_ms"], float) and 0 <= line["cpu_ms"] <= line["duration_ms"] + 1
    assert line["user_id"] is None and line["role"] is None
    assert "13812345678" not in line["message"] and "12345" not in line["message"]


def test_the_request_id_is_echoed_when_well_formed_and_replaced_when_not(json_client, capsys):
    given = json_client.get("/", headers={"X-Request-ID": "lb-7f3a-0001"})
    fresh = [json_client.get("/").headers["X-Request-ID"] for _ in range(2)]
    hostile = ["has space", "x" * 65, "<script>", "a_b", "id\u00e9", ""]
    replaced = [json_client.get("/", headers={"X-Request-ID": bad}) for bad in hostile]

    assert given.headers["X-Request-ID"] == "lb-7f3a-0001"
    assert fresh[0] != fresh[1] and all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in fresh)
    for bad, response in zip(hostile, replaced, strict=True):
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"]), bad
    ids = [line["request_id"] for line in access_lines(capsys)]
    assert ids[0] == "lb-7f3a-0001" and ids[1:3] == fresh and len(ids) == 3 + len(hostile)


def test_user_id_and_role_after_login(json_client, make, capsys):
    seeker = make.seeker(name="乌兰", phone="13912340001")
    Auth(json_client).login_as(seeker.user)
    capsys.readouterr()

    page = json_client.get("/me/profile")

    lines = json_lines(capsys)
    (access,) = [line for line in lines if line["logger"] == "jobfair.access"]
    assert access["user_id"] == seeker.user.id and access["role"] == "seeker"
    assert access["status"] == page.status_code == 200
    assert access["route"] == "/me/profile" and access["endpoint"] == "seekers.profile"
    assert "乌兰" not in json.dumps(lines, ensure_ascii=False)


def test_no_mobile_number_in_any_line_when_a_seeker_signs_up_and_logs_in(json_client, capsys):
    json_client.post(
        "/auth/signup",
        data={
            "phone": "13712345678",
            "code": signup_code(json_client, "13712345678"),
            "password": "abcdefgh1",
            "name": "那仁图雅",
            "birth_year": "1990",
            "district_code": "150105",
            "consent": "y",
        },
    )
    Auth(json_client).logout()
    logged_in = Auth(json_client).login("13712345678", "abcdefgh1")
    json_client.get("/")

    lines = json_lines(capsys)
    # what the lines say (the random request ids aside: hex may hold 11 digits in a row)
    text = "\n".join(f"{line['message']} {line.get('exception', '')}" for line in lines)
    assert logged_in.status_code == 302
    assert "137****5678" in text  # the console SMS gateway's line, masked
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text) and "那仁图雅" not in text
    sms = next(line for line in lines if line["logger"] == "jobfair.sms")
    signup = [line for line in lines if line.get("route") == "/auth/signup"]
    assert sms["request_id"] == signup[0]["request_id"]  # app lines carry the request's fields
    with json_client.application.app_context():
        user = db.session.scalar(select(models.User).where(models.User.phone == "13712345678"))
    home = [line for line in lines if line["logger"] == "jobfair.access"][-1]
    assert home["user_id"] == user.id and home["role"] == "seeker"


def test_the_filter_masks_numbers_in_arguments_and_exceptions(capsys):
    handler = make_handler("json")
    logger = logging.getLogger("jobfair.test.mask")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("lookup %s", "+86 138-1234-5678")
        try:
            raise ValueError("duplicate key (phone)=(13912345678)")
        except ValueError:
            logger.exception("insert failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True

    first, second = json_lines(capsys)
    assert first["message"] == "lookup 138****5678"
    assert "139****5678" in second["exception"] and "13912345678" not in second["exception"]


def test_development_lines_are_readable_text(app_with, capsys):
    client = app_with(LOG_FORMAT="text").test_client()
    capsys.readouterr()
    rid = client.get("/").headers["X-Request-ID"]

    (line,) = [x for x in capsys.readouterr().err.splitlines() if "jobfair.access" in x]
    expected = rf"\d\d:\d\d:\d\d INFO jobfair.access \[{rid[:8]}\] GET / 200 [\d.]+ ms"
    assert re.fullmatch(expected, line)


def test_gunicorn_messages_come_out_as_json_and_its_access_log_is_off(capsys):
    config = gunicorn_logconfig_dict("json")
    del config["root"]  # the test run's root logger stays as it is
    logging.config.dictConfig(config)
    try:
        logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 4242)
        logging.getLogger("gunicorn.access").info('"GET /?phone=13812345678 HTTP/1.1" 200')
    finally:
        for name in ("gunicorn.error", "gunicorn.access"):
            logger = logging.getLogger(name)
            logger.handlers.clear()
            logger.propagate, logger.level = True, logging.NOTSET

    (line,) = json_lines(capsys)
    assert line["logger"] == "gunicorn.error" and line["message"] == "Booting worker with pid: 4242"


def test_gunicorn_lines_take_the_apps_format_from_the_environment(monkeypatch):
    for name in ("JOBFAIR_LOG_FORMAT", "JOBFAIR_LOG_LEVEL", "JOBFAIR_ENV"):
        monkeypatch.delenv(name, raising=False)
    assert gunicorn_logconfig_dict()["formatters"]["app"]["()"] is TextFormatter
    monkeypatch.setenv("JOBFAIR_ENV", "production")
    assert gunicorn_logconfig_dict()["formatters"]["app"]["()"] is JsonFormatter
    monkeypatch.setenv("JOBFAIR_LOG_FORMAT", "text")
    monkeypatch.setenv("JOBFAIR_LOG_LEVEL", "warning")
    config = gunicorn_logconfig_dict()
    assert config["formatters"]["app"]["()"] is TextFormatter
    assert config["loggers"]["gunicorn.error"]["level"] == "WARNING"


def test_the_log_guard_catches_a_mobile_number_or_a_seeker_name_that_slips_through():
    """The session's guard works: checking lines logged with the masking filter removed
    finds the number; a seeker's name is found whether masked or not."""
    unmasked, masked = LogGuard(mask=False), LogGuard()
    logger = logging.getLogger("jobfair.test.leak")
    logger.propagate = False
    for guard in (unmasked, masked):
        guard.learn_names(["其其格", "Li", "x1"])  # short Latin names and digits are not names
        logger.addHandler(guard)
    try:
        logger.warning("sms to %s", "13812345678")
        logger.info("profile of 其其格 saved")
        logger.info("Li and x1 are no names to look for")
    finally:
        for guard in (unmasked, masked):
            logger.removeHandler(guard)
        logger.propagate = True

    assert [o.split(":")[0] for o in unmasked.take_offences()] == [
        "mobile number 13812345678",
        "seeker name 其其格",
    ]
    assert [o.split(":")[0] for o in masked.take_offences()] == ["seeker name 其其格"]
    assert unmasked.take_offences() == []  # checked lines are forgotten


def test_the_session_guard_is_installed_and_learns_every_new_seekers_name(make):
    guard = session_guard()
    assert guard is not None and isinstance(guard, logging.Handler)

    make.seeker(name="阿拉坦仓")
    user = make.user("seeker", phone="13900000777")
    row = {"user_id": user.id, "name": "敖登格日勒", "district_code": "150105",
           "consent_version": "2026-11", "consent_at": datetime.now(UTC)}  # fmt: skip
    db.session.execute(insert(models.SeekerProfile), [row])  # a bulk insert, as the demo's
    db.session.rollback()

    assert {"阿拉坦仓", "敖登格日勒"} <= guard.names
    assert any(isinstance(f, PersonalDataFilter) for f in make_handler("text").filters)
