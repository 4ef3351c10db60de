"""Save full-page screenshots of the main pages, phone and desktop (not a test).

    .venv/bin/python tests/e2e/screenshots.py OUTDIR [PAGE ...]

Starts the same live server as the e2e tests (temporary SQLite, demo data) and
writes OUTDIR/<page>-<phone|desktop>.png.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _e2e():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("_jobfair_e2e_conftest", HERE / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def bad_signup(page) -> None:
    """Everything filled in but a 7-digit phone number."""
    page.locator("#phone").fill("1380013")
    page.locator("#password").fill("secret-pass-1")
    page.locator("#name").fill("其其格")
    page.locator("#birth_year").fill("1996")
    page.locator("#district_code").select_option("150105")
    page.get_by_role("checkbox", name="快递员").check()
    page.locator("#consent").check()
    with page.expect_navigation():
        page.locator("main form button.btn-primary").click()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    e2e = _e2e()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request log
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="jobfair-shots-") as workdir,
        e2e.live_server(workdir) as server,
        e2e.chromium() as browser,
    ):
        demo = server.demo
        shots = [
            # (name, login as, path, prepare)
            ("home", None, "/", None),
            ("posting-list", None, "/postings", None),
            ("posting-detail", None, f"/postings/{demo.posting_id}", None),
            ("signup-error", None, "/auth/signup", bad_signup),
            ("employer-dashboard", demo.employer, "/employer/", None),
            ("staff-pending-employers", demo.staff, "/staff/employers/pending", None),
            ("seeker-dashboard", demo.seeker, "/me/", None),
            ("posting-detail-as-seeker", demo.seeker, f"/postings/{demo.posting_id}", None),
            (
                "employer-candidates",
                demo.employer,
                f"/employer/postings/{demo.posting_id}/candidates",
                None,
            ),
            # issue 4: fairs, applications, the pipeline
            ("fair-page-as-seeker", demo.seeker, f"/fairs/{demo.fair_id}", None),
            ("booth-as-seeker", demo.seeker, f"/fairs/{demo.fair_id}/booths/{demo.booth_id}", None),
            ("my-applications", demo.seeker, "/me/applications", None),
            ("booth-plan", demo.staff, f"/staff/fairs/{demo.fair_id}/plan", None),
            ("staff-fair-booths", demo.staff, f"/staff/fairs/{demo.fair_id}/booths", None),
            (
                "employer-applicants",
                demo.employer,
                f"/employer/postings/{demo.applicants_posting_id}/applicants",
                None,
            ),
            (
                "application-detail",
                demo.employer,
                f"/employer/applications/{demo.application_id}",
                None,
            ),
            # issue 14: accounts, employers, seekers
            ("forgot-password", None, "/auth/forgot", None),
            ("seeker-account", demo.seeker, "/auth/account", None),
            ("posting-list-by-match", demo.seeker, "/postings?sort=match", None),
            ("saved-postings", demo.seeker, "/postings/saved", None),
            ("employer-posting", demo.employer, f"/employer/postings/{demo.posting_id}", None),
            ("employer-company", demo.employer, "/employer/company", None),
            # issue 8: statistics, exports, audit, policies
            ("fair-stats", demo.staff, f"/staff/fairs/{demo.fair_id}/stats", None),
            ("region-stats", demo.staff, "/staff/stats", None),
            ("fair-exports", demo.staff, f"/staff/fairs/{demo.fair_id}/exports", None),
            ("audit", demo.admin, "/staff/audit", None),
            ("policies", None, "/policies", None),
            ("staff-policies", demo.staff, "/staff/policies", None),
            ("consultations", demo.staff, "/staff/consultations", None),
        ]
        only = set(argv[2:])
        shots = [shot for shot in shots if not only or shot[0] in only]
        for name, who, path, prepare in shots:
            for viewport_name, viewport in (("phone", e2e.PHONE), ("desktop", e2e.DESKTOP)):
                page = e2e.new_page(browser, server.url, viewport)
                try:
                    if who:
                        e2e.login(page, who)
                    page.goto(path)
                    if prepare:
                        prepare(page)
                    target = out / f"{name}-{viewport_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                finally:
                    page.context.close()
    print(f"{len(shots) * 2} screenshots in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
