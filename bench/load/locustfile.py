"""A fair day's traffic for locust (run by bench/load/run.py, which seeds the data and
writes the accounts file named by ``JOBFAIR_LOAD_ACCOUNTS``).

Users, each signed in through the login form with its own session and address
(``X-Forwarded-For``; the server trusts one proxy hop), thinking 1-3 s between steps:

* kiosk staff (3 in 11): look a person up by mobile, check them in, print their slip,
  back to the start screen;
* seekers (5 in 11): their postings ranked for them (now and then page 2 too), a
  posting's page, now and then an application; their dashboard's recommendations;
* employers (2 in 11): their posting's candidates ranked (pages 1-5), their dashboard;
* staff at the desk (1 user): the fair's matching page, every checked-in person
  against every posting at the fair, every 10-30 s;
* a probe (1 user): ``/healthz`` twice a second, the reference for what a request
  costs the server itself.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import urllib.parse

import gevent
from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

ACCOUNTS = json.loads(open(os.environ["JOBFAIR_LOAD_ACCOUNTS"]).read())  # noqa: SIM115
PASSWORD = ACCOUNTS["password"]
FAIR = ACCOUNTS["fair_id"]
# think times scaled (the smoke run in the tests: 0.1, so that a few users cover the mix)
THINK = float(os.environ.get("JOBFAIR_LOAD_THINK", "1"))
# measured seconds, counted from the moment every user has signed in (run.py's --time)
MEASURE = float(os.environ.get("JOBFAIR_LOAD_SECONDS", "0"))
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_addresses = itertools.count(1)
_ready = {"users": 0, "measuring": False}


def user_ready(environment) -> None:
    """Once every user has signed in, forget the figures so far (sign-ins, first pages,
    cold caches) and measure ``MEASURE`` seconds from here."""
    _ready["users"] += 1
    runner = environment.runner
    if _ready["measuring"] or runner is None or _ready["users"] < runner.target_user_count:
        return
    _ready["measuring"] = True
    environment.stats.reset_all()
    if MEASURE:
        gevent.spawn_later(MEASURE, runner.quit)


@events.test_start.add_listener
def _reset_counter(environment, **kw) -> None:
    _ready.update(users=0, measuring=False)


class Browser(FastHttpUser):
    """One person's browser: session cookie and CSRF token kept by hand (the production
    cookie is ``Secure``, and this talks plain HTTP to 127.0.0.1)."""

    abstract = True
    wait_time = between(1 * THINK, 3 * THINK)

    def on_start(self) -> None:
        n = next(_addresses)
        self.address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.cookie = ""
        self.csrf = ""

    def call(self, method: str, path: str, name: str, form=None, ok=(200,)):
        headers = {"X-Forwarded-For": self.address}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrf_token": self.csrf, **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        with self.client.request(
            method, path, name=name, data=body, headers=headers, allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            cookie = response.headers.get("set-cookie") if response.headers else None
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
            return response

    def scrape(self, response) -> None:
        found = CSRF.search(response.text or "")
        if found:
            self.csrf = html.unescape(found.group(1))

    def sign_in(self, login: str, then: str) -> None:
        self.scrape(self.call("GET", "/auth/login", "sign in (page)"))
        self.call(
            "POST", "/auth/login", "sign in", {"identifier": login, "password": PASSWORD}, (302,)
        )
        self.scrape(self.call("GET", then, "sign in (first page)"))
        user_ready(self.environment)


class KioskStaff(Browser):
    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(ACCOUNTS["staff"], f"/kiosk/{FAIR}/")

    @task
    def serve_a_person(self) -> None:
        mobile = random.choice(ACCOUNTS["lookups"])
        self.call("POST", f"/kiosk/{FAIR}/find", "kiosk lookup", {"q": mobile})
        seeker = random.choice(ACCOUNTS["check_ins"])
        answer = self.call("POST", f"/kiosk/{FAIR}/check-in/{seeker}", "kiosk check-in", {}, (302,))
        if answer.status_code == 302:
            self.call("GET", f"/kiosk/{FAIR}/slip/{seeker}", "kiosk slip")
        self.call("GET", f"/kiosk/{FAIR}/", "kiosk start")


class Seeker(Browser):
    weight = 5

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(random.choice(ACCOUNTS["seekers"])["login"], "/me/")

    @task(3)
    def browse_and_apply(self) -> None:
        self.call("GET", "/postings?sort=match", "postings ranked for me")
        if random.random() < 0.3:
            self.call("GET", "/postings?sort=match&page=2", "postings ranked for me")
        posting = random.choice(ACCOUNTS["postings"])
        self.scrape(self.call("GET", f"/postings/{posting}", "posting page"))
        if random.random() < 0.25:
            # 302: applied, or refused with a message (already applied, a hard requirement)
            self.call(
                "POST", f"/me/apply/{posting}", "apply", {"note": "", "accept_soft": "1"}, (302,)
            )

    @task(1)
    def dashboard(self) -> None:
        self.call("GET", "/me/", "my dashboard (recommended)")


class Employer(Browser):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.account = random.choice(ACCOUNTS["employers"])
        self.sign_in(self.account["login"], "/employer/")

    @task(4)
    def candidates(self) -> None:
        posting = random.choice(self.account["postings"])
        page = random.randint(1, 5)
        self.call(
            "GET", f"/employer/postings/{posting}/candidates?page={page}", "candidates ranked"
        )

    @task(1)
    def dashboard(self) -> None:
        self.call("GET", "/employer/", "employer dashboard")


class FairDesk(Browser):
    fixed_count = 1
    wait_time = between(10 * THINK, 30 * THINK)

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(ACCOUNTS["staff"], "/staff/fairs")

    @task
    def matching(self) -> None:
        self.call("GET", f"/staff/fairs/{FAIR}/matches", "fair matching (staff)")


class Probe(FastHttpUser):
    fixed_count = 1
    wait_time = constant(0.5)

    def on_start(self) -> None:
        user_ready(self.environment)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz (reference)")
