"""The mail gateways: the console one keeps, saves and logs (masked); SMTP sends."""

from __future__ import annotations

import pytest

from jobfair import mail

TOKEN = "Zq3xY7-secret_token_ABCDEFGHIJK"
BODY = f"乌力吉，您好：\n打开 https://jobs.example.cn/auth/reset/{TOKEN} 设置新密码"


def test_the_console_gateway_saves_whole_and_logs_masked(tmp_path, caplog):
    caplog.set_level("WARNING", logger="jobfair.mail")
    gateway = mail.ConsoleMailGateway(tmp_path / "outbox")
    gateway.send("hr@company.test", "重设密码", BODY)
    assert gateway.last_to("hr@company.test").body == BODY
    [saved] = (tmp_path / "outbox").iterdir()
    assert TOKEN in saved.read_text(encoding="utf-8")
    assert TOKEN not in caplog.text and "/auth/reset/Zq3x…" in caplog.text
    assert "h***@company.test" in caplog.text and "hr@company.test" not in caplog.text
    assert "乌力吉" not in caplog.text  # the greeting's name stays out of the log


def test_the_smtp_gateway_sends_through_the_configured_server(monkeypatch):
    sent = {}

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent["server"] = (host, port)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent["tls"] = True

        def login(self, user, password):
            sent["login"] = (user, password)

        def send_message(self, message):
            sent["message"] = message

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    config = {"MAIL_SMTP_HOST": "smtp.example.cn", "MAIL_SMTP_PORT": 587,
              "MAIL_SMTP_USER": "jobfair", "MAIL_SMTP_PASSWORD": "pw",
              "MAIL_SMTP_STARTTLS": True, "MAIL_FROM": "jobfair <noreply@example.cn>"}  # fmt: skip
    mail.SmtpMailGateway(config).send("hr@company.test", "重设密码", BODY)
    assert sent["server"] == ("smtp.example.cn", 587) and sent["tls"]
    assert sent["login"] == ("jobfair", "pw")
    assert sent["message"]["To"] == "hr@company.test"
    assert TOKEN in sent["message"].get_content()


def test_an_unknown_gateway_name_stops_the_app_at_first_use(app_with):
    app = app_with(MAIL_GATEWAY="carrier-pigeon")
    with app.app_context(), pytest.raises(RuntimeError, match="MAIL_GATEWAY"):
        mail.gateway()
