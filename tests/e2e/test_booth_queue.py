"""Booth queues in a real browser: a person joins from their phone's route page, the
booth's staff call them on a phone, the route page learns it by polling (no reload),
and the hall screen on a 1920x1080 TV shows queues without names."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PHONE

SHOTS = "/tmp"
TV = {"width": 1920, "height": 1080}


@pytest.fixture
def queue_people(server, demo):
    """The demo seeker signed up for the running fair, and two more people to queue
    behind them at the demo employer's booth; every queue place is removed afterwards."""
    if not (demo.fair_id and demo.booth_id):
        pytest.skip("the demo data has no running fair with the demo employer's booth")
    from sqlalchemy import delete, select

    from jobfair.extensions import db
    from models import BoothQueueEntry, FairRegistration, SeekerProfile

    with server.app.test_request_context():
        people = list(
            db.session.scalars(select(SeekerProfile).order_by(SeekerProfile.id).limit(5))
        )
        others = [p for p in people if p.id != demo.seeker_id][:3]
        names = [p.name for p in people] + [p.user.phone for p in people]
        for person_id in [demo.seeker_id] + [p.id for p in others]:
            known = db.session.scalar(
                select(FairRegistration.id).where(
                    FairRegistration.fair_id == demo.fair_id,
                    FairRegistration.seeker_id == person_id,
                )
            )
            if known is None:
                db.session.add(FairRegistration(fair_id=demo.fair_id, seeker_id=person_id))
        db.session.commit()
        db.session.remove()
    yield {"others": [p.id for p in others], "names": names}
    with server.app.app_context():
        db.session.execute(delete(BoothQueueEntry))
        db.session.commit()
        db.session.remove()


def _join(server, demo, seeker_id: int) -> None:
    from jobfair.extensions import db
    from jobfair.services import booth_queues, fairs, unit_of_work

    with server.app.test_request_context():
        with unit_of_work():
            fair = fairs.get_fair(demo.fair_id)
            booth_queues.join_queue(fair, demo.booth_id, seeker_id, "kiosk")
        db.session.remove()


def test_join_call_and_watch_the_hall(make_page, server, demo, queue_people):
    seeker = make_page(PHONE, as_=demo.seeker)
    seeker.goto(f"/fairs/{demo.fair_id}/route")
    stop = seeker.locator(f'li[data-booth="{demo.booth_id}"]')
    if stop.count():
        with seeker.expect_navigation():
            stop.get_by_role("button", name="排队").click()
        assert "已加入排队" in seeker.locator("main").inner_text()
    else:  # the demo booth is not among their matches: the kiosk queues them
        _join(server, demo, demo.seeker_id)
    for other in queue_people["others"][:2]:
        _join(server, demo, other)
    seeker.goto(f"/fairs/{demo.fair_id}/route")
    seeker.screenshot(path=f"{SHOTS}/booth-queue-route-390.png", full_page=True)

    staff = make_page(PHONE, as_=demo.employer)
    staff.goto(f"/booth-queue/{demo.fair_id}")
    text = staff.locator("main").inner_text()
    assert "排队中（3 人）" in text
    assert not any(name in text for name in queue_people["names"])  # masked, no phones
    with staff.expect_navigation():
        staff.get_by_role("button", name="下一位").click()
    assert "排队中（2 人）" in staff.locator("main").inner_text()
    staff.screenshot(path=f"{SHOTS}/booth-queue-staff-390.png", full_page=True)
    width = staff.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the booth page scrolls sideways on a phone"
    # someone joins at the kiosk: the booth's list shows them without a reload
    staff.evaluate("window.notReloaded = true")
    _join(server, demo, queue_people["others"][2])
    staff.locator('[data-field="count"]').filter(has_text="排队中（3 人）").wait_for(timeout=12_000)
    assert staff.evaluate("window.notReloaded === true")
    assert not any(name in staff.locator("main").inner_text() for name in queue_people["names"])

    if stop.count():  # the route page learns it is their turn without a reload
        seeker.evaluate("window.notReloaded = true")
        seeker.locator(f'li[data-booth="{demo.booth_id}"] [data-field="status"]').filter(
            has_text="轮到您了"
        ).wait_for(timeout=12_000)
        assert seeker.evaluate("window.notReloaded === true")

    hall = make_page(TV)
    hall.goto(f"/fairs/{demo.fair_id}/hall")
    hall.locator(".hall-booth").first.wait_for()
    hall.wait_for_timeout(500)  # the first poll has redrawn the grid
    text = hall.locator("body").inner_text()
    assert not any(name in text for name in queue_people["names"])
    assert "3人" in text
    hall.screenshot(path=f"{SHOTS}/booth-queue-hall-1920.png")
    assert hall.evaluate("document.documentElement.scrollHeight") <= TV["height"]
