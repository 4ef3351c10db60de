"""The employer member's pages: dashboard and the employer's own postings."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _

from .. import labels
from ..access import (
    client_ip,
    id_arg,
    id_list,
    int_arg,
    local_url,
    roles_required,
    version_arg,
)
from ..clock import local_to_utc, utc_to_local
from ..errors import ConcurrentChange, Conflict, DomainError, NotFound, ValidationFailed
from ..forms import CompanyForm, InterviewForm, PostingForm, apply_errors, options, submit
from ..services import (
    applications,
    employers,
    fairs,
    postings,
    questions,
    ranking,
    unit_of_work,
)

bp = Blueprint("employers", __name__, url_prefix="/employer")


def _is_prefetch() -> bool:
    """A link prefetch must not count as a visit or mark anything as seen."""
    return "prefetch" in (
        request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    )


@bp.get("/")
@roles_required("employer")
def dashboard():
    employer = employers.employer_of(current_user)
    if _is_prefetch():
        since = current_user.membership.new_since_at
    else:
        with unit_of_work():
            since = employers.record_dashboard_visit(current_user)
    own = postings.employer_postings(current_user)
    return render_template(
        "employers/dashboard.html",
        employer=employer,
        may_publish=employers.may_publish(employer),
        may_edit_company=employers.may_edit_company(employer),
        activity=applications.employer_activity(current_user, own, since),
        since=since,
        interviews=applications.interviews_today(current_user),
        questions=questions.open_questions(current_user),
    )


@bp.route("/company", methods=["GET", "POST"])
@roles_required("employer")
def company():
    """The company's details; a rejected employer corrects them and resubmits."""
    employer = employers.employer_of(current_user)
    if not employers.may_edit_company(employer):
        return render_template("employers/company.html", employer=employer, form=None)
    form = CompanyForm(obj=employer if request.method == "GET" else None)
    was_rejected = employer.status == "rejected"
    saved = submit(
        form,
        lambda dry_run: employers.update_company(
            current_user, form.company_data(), dry_run, client_ip()
        ),
    )
    if saved is not None:
        if was_rejected:
            flash(_("资料已保存并重新提交审核，工作人员审核后会通知您。"), "success")
        else:
            flash(_("单位资料已保存。"), "success")
        return redirect(url_for("employers.dashboard"))
    return render_template(
        "employers/company.html", employer=employer, form=form
    ), 422 if form.errors else 200


def _posting_form_page(form: PostingForm, posting=None):
    employer = employers.employer_of(current_user)
    form.status.choices = options(
        (status, labels.posting_status[status]) for status in postings.statuses_for(employer)
    )

    def save(dry_run: bool):
        if posting is None:
            return postings.create_posting(current_user, form.posting_data(), dry_run)
        return postings.update_posting(current_user, posting.id, form.posting_data(), dry_run)

    saved = submit(form, save)
    if saved is not None:
        flash(_("岗位已保存。"), "success")
        return redirect(url_for("employers.posting_page", posting_id=saved.id))
    return render_template(
        "employers/posting_form.html", form=form, posting=posting, employer=employer
    ), 422 if form.errors else 200


@bp.route("/postings/new", methods=["GET", "POST"])
@roles_required("employer")
def posting_new():
    return _posting_form_page(PostingForm())


@bp.get("/postings/<int:posting_id>")
@roles_required("employer")
def posting_page(posting_id: int):
    """The employer's own view of a posting, with what to do next."""
    posting = postings.own_posting(current_user, posting_id)
    employer = posting.employer
    activity = applications.employer_activity(current_user, [posting], None)[0]
    return render_template(
        "employers/posting.html",
        posting=posting,
        employer=employer,
        activity=activity,
        may_publish=employers.may_publish(employer),
    )


@bp.route("/postings/<int:posting_id>/edit", methods=["GET", "POST"])
@roles_required("employer")
def posting_edit(posting_id: int):
    posting = postings.own_posting(current_user, posting_id)
    form = PostingForm(obj=posting if request.method == "GET" else None)
    return _posting_form_page(form, posting)


@bp.post("/postings/<int:posting_id>/status")
@roles_required("employer")
def posting_status(posting_id: int):
    try:
        with unit_of_work():
            postings.set_posting_status(current_user, posting_id, request.form.get("status", ""))
    except ValidationFailed as e:
        flash(next(iter(e.errors.values())), "danger")
    else:
        flash(_("岗位状态已更新。"), "success")
    return redirect(local_url(request.form.get("next"), url_for("employers.dashboard")))


@bp.get("/postings/<int:posting_id>/candidates")
@roles_required("employer")
def posting_candidates(posting_id: int):
    posting, page = ranking.candidates(
        current_user,
        posting_id,
        page=int_arg(request.args, "page", 1, 1, 100_000),
        per_page=current_app.config["PAGE_SIZE"],
        district=request.args.get("district") or None,
        licence=request.args.get("licence") or None,
    )
    return render_template("employers/candidates.html", posting=posting, page=page)


@bp.post("/postings/<int:posting_id>/candidates/<int:seeker_id>/invite")
@roles_required("employer")
def invite_candidate(posting_id: int, seeker_id: int):
    try:
        with unit_of_work():
            ranking.invite_to_apply(
                current_user, posting_id, seeker_id, request.form.get("message", "")
            )
    except (Conflict, ValidationFailed) as e:
        flash(e.message, "warning")
    else:
        flash(_("已发送邀请，求职者会在“我的”页面看到。"), "success")
    return redirect(
        local_url(
            request.form.get("next"), url_for("employers.posting_candidates", posting_id=posting_id)
        )
    )


@bp.get("/fairs")
@roles_required("employer")
def fair_list():
    return render_template(
        "employers/fairs.html",
        fairs=fairs.fairs_taking_booth_requests(),
        booths=fairs.employer_booths(current_user),
        open_postings=postings.employer_postings(current_user, open_only=True),
        employer=employers.employer_of(current_user),
    )


@bp.post("/fairs/<int:fair_id>/booth")
@roles_required("employer")
def request_booth(fair_id: int):
    ids = id_list(request.form, "posting_ids")  # a malformed id: 422, nothing done
    try:
        with unit_of_work():
            fairs.request_booth(current_user, fair_id, ids)
    except ValidationFailed as e:
        flash(next(iter(e.errors.values())), "warning")
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("已提交参会申请，等待工作人员审核并分配展位。"), "success")
    return redirect(url_for("employers.fair_list"))


@bp.post("/booths/<int:booth_id>/withdraw")
@roles_required("employer")
def withdraw_booth(booth_id: int):
    try:
        with unit_of_work():
            fair = employers.withdraw_booth_request(current_user, booth_id, client_ip())
    except NotFound:
        raise
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("已撤回“%(fair)s”的参会申请。", fair=fair.name), "success")
    return redirect(url_for("employers.fair_list"))


@bp.get("/postings/<int:posting_id>/applicants")
@roles_required("employer")
def posting_applicants(posting_id: int):
    status = request.args.get("status") or None
    posting, items = applications.applicants(current_user, posting_id, status)
    return render_template(
        "employers/applicants.html",
        posting=posting,
        items=items,
        status=status,
        since=current_user.membership.new_since_at,
    )


@bp.post("/postings/<int:posting_id>/applicants/bulk")
@roles_required("employer")
def bulk_applicants(posting_id: int):
    postings.own_posting(current_user, posting_id)
    ids = id_list(request.form, "application_ids")
    if not ids:
        flash(_("请先勾选求职者。"), "warning")
    else:
        with unit_of_work():
            moved, problems = applications.bulk_move(
                current_user, ids, request.form.get("to_status", "")
            )
        flash(_("已处理%(n)d份申请。", n=moved), "success" if moved else "info")
        for problem in problems:
            flash(problem, "warning")
    return redirect(url_for("employers.posting_applicants", posting_id=posting_id))


def _interview_form(application, prefix: str = "") -> InterviewForm:
    form = InterviewForm(version=application.version, prefix=prefix)
    booths = fairs.interview_booths(current_user)
    form.booth_id.choices = options(
        [("", _("不在招聘会展位"))]
        + [(str(b.id), f"{b.fair.name} {b.label or _('线上')}") for b in booths]
    )
    return form


@bp.get("/applications/<int:application_id>")
@roles_required("employer")
def application_detail(application_id: int):
    prefetch = "prefetch" in (
        request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    )
    application = None
    if request.method == "GET" and not prefetch:
        try:
            with unit_of_work():
                application = applications.open_for_employer(current_user, application_id)
        except ConcurrentChange:
            pass  # another member opened it at the same moment: show it as it now is
    if application is None:  # a link prefetch or HEAD must not mark it as viewed
        application = applications.application_for(current_user, application_id)
    return _application_page(application, _interview_form(application))


RESCHEDULE = "re"  # the reschedule form's field prefix: it shares a page with the move form


def _reschedule_form(application) -> InterviewForm:
    """The interview form filled with the interview as arranged, to change it."""
    form = _interview_form(application, RESCHEDULE)
    form.interview_at.data = utc_to_local(application.interview_at)
    form.booth_id.data = application.interview_booth_id
    if application.interview_booth_id is None:
        form.interview_place.data = application.interview_place
    return form


def _application_page(application, form, status: int = 200, reschedule=None):
    match = ranking.posting_fit(application.seeker, application.posting).match
    if reschedule is None and application.status == "interview":
        reschedule = _reschedule_form(application)
    return render_template(
        "employers/application.html",
        application=application,
        match=match,
        form=form,
        reschedule=reschedule,
        moves=applications.allowed_moves(current_user, application),
    ), status


@bp.post("/applications/<int:application_id>/move")
@roles_required("employer")
def move_application(application_id: int):
    application = applications.application_for(current_user, application_id)
    form = _interview_form(application)
    form.process(request.form)
    to_status = request.form.get("to_status", "")
    version = version_arg(request.form)  # a form without its version is stale: refused
    if to_status == "interview" and not form.validate():  # e.g. a date in the year 9999
        return _application_page(application, form, 422)
    try:
        with unit_of_work():
            applications.move_application(
                current_user,
                application_id,
                to_status,
                note=form.note.data or "",
                version=version,
                interview_at=(
                    local_to_utc(form.interview_at.data) if to_status == "interview" else None
                ),
                interview_place=form.interview_place.data or "",
                booth_id=id_arg(request.form, "booth_id", required=False),
            )
    except ValidationFailed as e:
        apply_errors(form, e)
        return _application_page(
            applications.application_for(current_user, application_id), form, 422
        )
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(
            _("已更新为“%(s)s”，已通知求职者。", s=labels.application_status[to_status]), "success"
        )
    return redirect(url_for("employers.application_detail", application_id=application_id))


@bp.post("/applications/<int:application_id>/reschedule")
@roles_required("employer")
def reschedule_interview(application_id: int):
    application = applications.application_for(current_user, application_id)
    form = _interview_form(application, RESCHEDULE)
    form.process(request.form)
    version = version_arg(request.form)
    if not form.validate():  # a date in the year 9999, a malformed booth
        return _application_page(application, _interview_form(application), 422, form)
    try:
        with unit_of_work():
            applications.reschedule_interview(
                current_user,
                application_id,
                version=version,
                interview_at=local_to_utc(form.interview_at.data),
                interview_place=form.interview_place.data or "",
                booth_id=form.booth_id.data,
                note=form.note.data or "",
            )
    except ValidationFailed as e:
        apply_errors(form, e)
        application = applications.application_for(current_user, application_id)
        return _application_page(application, _interview_form(application), 422, form)
    except NotFound:
        raise
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("面试已改期，已通知求职者。"), "success")
    return redirect(url_for("employers.application_detail", application_id=application_id))


@bp.post("/applications/<int:application_id>/cancel-interview")
@roles_required("employer")
def cancel_interview(application_id: int):
    version = version_arg(request.form)
    try:
        with unit_of_work():
            applications.cancel_interview(
                current_user, application_id, version=version, note=request.form.get("note", "")
            )
    except NotFound:
        raise
    except DomainError as e:
        flash(e.message, "warning")
    else:
        flash(_("面试已取消，已通知求职者；申请回到“初筛通过”。"), "success")
    return redirect(
        local_url(
            request.form.get("next"),
            url_for("employers.application_detail", application_id=application_id),
        )
    )


@bp.post("/questions/<int:question_id>/answer")
@roles_required("employer")
def answer_question(question_id: int):
    try:
        with unit_of_work():
            questions.answer_question(current_user, question_id, request.form.get("answer", ""))
    except ValidationFailed as e:
        flash(next(iter(e.errors.values())), "warning")
    else:
        flash(_("回答已发送给求职者。"), "success")
    return redirect(url_for("employers.dashboard"))
