"""Seekers' questions to a booth at a fair, and the employer's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobfair.i18n import gettext as _
from models import Booth, Question, SeekerProfile, User

from .. import validation
from ..errors import NotFound
from ..extensions import db
from . import fairs, notify
from .employers import employer_of
from .privacy import contact_visible_ids, text_from_seeker

TEXT_LIMIT = 500


def _clean(text: str, field: str) -> str:
    return validation.clean_one(text, field, TEXT_LIMIT, required=_("请填写内容。"))


def ask_question(seeker: SeekerProfile, fair_id: int, booth_id: int, text: str) -> Question:
    fair = fairs.public_fair(fair_id)
    booth = fairs.booth_at(fair, booth_id)
    fairs.require_open_now(fair)
    question = Question(booth_id=booth.id, seeker_id=seeker.id, text=_clean(text, "text"))
    db.session.add(question)
    db.session.flush()
    notify.notify(
        notify.employer_members(booth.employer_id),
        question_notification_text(fair.name, question.text),
        "/employer/",
        about_seeker_id=seeker.id,
    )
    db.session.flush()
    return question


@dataclass(frozen=True)
class BoothQuestion:
    """A question as the employer sees it: ``text`` masks phone numbers of a seeker
    whose contact details this employer may not see."""

    question: Question
    text: str


def open_questions(member: User) -> list[BoothQuestion]:
    if member.membership is None:
        return []
    employer_id = member.membership.employer_id
    stmt = (
        select(Question)
        .join(Booth)
        .where(Booth.employer_id == employer_id)
        .options(selectinload(Question.booth).selectinload(Booth.fair))
        .order_by(Question.answered_at.is_not(None), Question.created_at.desc())
        .limit(50)
    )
    questions = list(db.session.scalars(stmt))
    visible = contact_visible_ids(employer_id, [q.seeker_id for q in questions])
    return [BoothQuestion(q, text_from_seeker(q.text, q.seeker_id in visible)) for q in questions]


def answer_question(member: User, question_id: int, answer: str) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.booth.employer_id != employer_of(member).id:
        raise NotFound(_("没有找到该提问。"))
    question.answer = _clean(answer, "answer")
    question.answered_at = datetime.now(UTC)
    notify.notify(
        [question.seeker.user],
        answer_notification_text(question.booth.employer.name, question.answer),
        "/me/applications",
    )
    db.session.flush()
    return question


def questions_of(seeker: SeekerProfile) -> list[Question]:
    stmt = (
        select(Question)
        .where(Question.seeker_id == seeker.id)
        .options(selectinload(Question.booth).selectinload(Booth.employer))
        .order_by(Question.created_at.desc())
    )
    return list(db.session.scalars(stmt))


def question_notification_text(fair_name: str, text: str) -> str:
    """What an employer's members are told when a seeker asks their booth a question."""
    return _("求职者在“%(fair)s”向您的展位提问：%(text)s", fair=fair_name, text=text[:60])


def answer_notification_text(company: str, answer: str) -> str:
    """What a seeker is told when the employer answers their question."""
    return _("%(company)s 回答了您的提问：%(answer)s", company=company, answer=answer[:80])
