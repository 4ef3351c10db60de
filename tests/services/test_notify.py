"""Notifications and the phone numbers scrubbed out of them (jobfair/services/notify.py)."""

from __future__ import annotations

from sqlalchemy import select

import models
from jobfair.extensions import db
from jobfair.services import notify
from jobfair.services.notify import scrub


def test_phone_numbers_are_masked_in_notification_texts(ctx, make):
    user = make.staff()
    notify.notify([user], "请联系 13812345678 或 +86 13912345678")
    db.session.commit()
    text = db.session.scalar(select(models.Notification.text))
    assert "13812345678" not in text and "138****5678" in text and "139****5678" in text


def test_phone_numbers_in_any_spelling_are_masked(ctx, make):
    for text in (
        "+8613800138000",
        "138 0013 8000",
        "138-0013-8000",
        "１３８００１３８０００",
        "0086 138 0013 8000",
    ):
        assert "0013" not in scrub(text) and "138****8000" in scrub(text), text
    assert scrub("订单号 2013800138000123，月薪 13000") == "订单号 2013800138000123，月薪 13000"
