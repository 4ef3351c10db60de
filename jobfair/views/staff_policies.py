"""Staff pages for policy articles (write, preview, publish, unpublish) and for the
questions from a fair's policy desk that wait for an answer.

The pages belong to the staff blueprint (``staff.policy_list`` ...): ``create_app``
adds them with :func:`jobfair.views.add_routes` before it registers that blueprint.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from jobfair.i18n import gettext as _
from models import PolicyArticle

from ..access import client_ip, int_arg, roles_required
from ..errors import Conflict, DomainError, ValidationFailed
from ..forms import PolicyForm, submit
from ..services import consultations, fairs, policies, unit_of_work
from .staff import STAFF


def _form_page(form: PolicyForm, article: PolicyArticle | None = None):
    if request.method == "POST" and request.form.get("action") == "preview":
        # nothing is saved: the body as the public would see it, beside the form
        return render_template(
            "staff/policy_form.html",
            form=form,
            article=article,
            preview=policies.render_body(form.body.data or ""),
        )

    def save(dry_run: bool):
        if article is None:
            return policies.create_article(current_user, form.article_data(), dry_run, client_ip())
        return policies.update_article(
            current_user, article.id, form.article_data(), dry_run, client_ip()
        )

    saved = submit(form, save)
    if saved is not None:
        flash(_("文章“%(title)s”已保存。", title=saved.title), "success")
        return redirect(url_for("staff.policy_list"))
    return render_template("staff/policy_form.html", form=form, article=article, preview=None), (
        422 if form.errors or form.form_errors else 200
    )


@roles_required(*STAFF)
def policy_list():
    page = policies.staff_articles_page(
        int_arg(request.args, "page", 1, 1), current_app.config["PAGE_SIZE"]
    )
    return render_template("staff/policy_list.html", page=page, today=policies.local_today())


@roles_required(*STAFF)
def policy_new():
    return _form_page(PolicyForm())


@roles_required(*STAFF)
def policy_edit(article_id: int):
    article = policies.get_article(article_id)
    if request.method == "GET":
        form = PolicyForm(obj=article)
    else:
        form = PolicyForm()
    return _form_page(form, article)


@roles_required(*STAFF)
def policy_publish(article_id: int):
    publish = request.form.get("publish") == "y"
    try:
        with unit_of_work():
            article = policies.set_published(current_user, article_id, publish, client_ip())
    except DomainError as e:
        if e.status_code == 404:
            raise
        flash(e.message, "danger")
        return redirect(url_for("staff.policy_list"))
    if publish:
        flash(_("已发布“%(title)s”。", title=article.title), "success")
    else:
        flash(_("已撤下“%(title)s”，公众不再能看到它。", title=article.title), "info")
    return redirect(url_for("staff.policy_list"))


# -- the policy desk's open questions --------------------------------------------------------


def _consultations_page(errors=None, typed=None, status=200, notice=None):
    args = request.args
    filters = consultations.ConsultationFilters.from_args(
        args.get("state"), int_arg(args, "fair_id", None, 1), args.get("topic")
    )
    with unit_of_work():  # the page names seekers: the view is audited (not a refusal's)
        page = consultations.consultations_page(
            current_user,
            filters,
            int_arg(args, "page", 1, 1),
            current_app.config["PAGE_SIZE"],
            client_ip(),
            audited=status < 400,
        )
    return render_template(
        "staff/consultations.html",
        page=page,
        filters=filters,
        fairs=fairs.all_fairs(),
        errors=errors or {},
        typed=typed or {},
        notice=notice,
    ), status


@roles_required(*STAFF)
def consultation_list():
    return _consultations_page()


@roles_required(*STAFF)
def consultation_answer(consultation_id: int):
    note = request.form.get("answer_note", "")
    try:
        with unit_of_work():
            consultations.answer_consultation(current_user, consultation_id, note, client_ip())
    except ValidationFailed as e:
        return _consultations_page({consultation_id: e.message}, {consultation_id: note}, 422)
    except Conflict as e:  # answered by someone else meanwhile: it has left the open list
        return _consultations_page(status=409, notice=e.message)
    flash(_("已答复，这条咨询已移出待答复列表。"), "success")
    return redirect(url_for("staff.consultation_list", **request.args))


ROUTES = [
    ("/policies", policy_list, ["GET"]),
    ("/policies/new", policy_new, ["GET", "POST"]),
    ("/policies/<int:article_id>", policy_edit, ["GET", "POST"]),
    ("/policies/<int:article_id>/publish", policy_publish, ["POST"]),
    ("/consultations", consultation_list, ["GET"]),
    ("/consultations/<int:consultation_id>/answer", consultation_answer, ["POST"]),
]
