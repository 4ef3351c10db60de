"""The API's shapes (marshmallow): the OpenAPI document is generated from these.

Input schemas check types only; the values go to the same services the web
forms use, which hold every rule and give every message.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from jobfair.i18n import lazy_gettext as _l

from .. import reasons as reason_words
from ..services import postings as posting_service
from ..services.privacy import mask_name, mask_phone
from ..validation import MAX_ID

INT_LIMIT = 2**31 - 1  # what every integer column holds


def _no_control(text: str) -> None:
    if "\x00" in text:
        raise ValidationError(str(_l("内容含有无法保存的字符。")))


class Str(fields.String):
    """Text without NUL characters (no database column can hold them)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("validate", _no_control)
        super().__init__(*args, **kwargs)


class Int(fields.Integer):
    """An integer a database column can hold."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("validate", validate.Range(-INT_LIMIT, INT_LIMIT))
        super().__init__(*args, **kwargs)


class Id(Int):
    """A row id."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("validate", validate.Range(1, MAX_ID))
        super().__init__(*args, **kwargs)


Bool = fields.Boolean
When = fields.AwareDateTime


def _list(page_item: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(page_item), required=True),
            "page": Int(required=True),
            "per_page": Int(required=True),
            "total": Int(required=True),
            "pages": Int(required=True),
        },
        name=name,
    )


class EmployerBrief(Schema):
    id = Int(required=True)
    name = Str(required=True)
    trade = Str(required=True)


class PostingSchema(Schema):
    id = Int(required=True)
    title = Str(required=True)
    occupation_code = Str(required=True)
    trade = Str(required=True)
    description = Str(required=True)
    requirements = Str(required=True)
    district_code = Str(required=True)
    pay_min = Int(required=True, allow_none=True)
    pay_max = Int(required=True, allow_none=True)
    pay_unit = Str(required=True, allow_none=True)
    monthly_pay = fields.Method("_monthly", required=True, allow_none=True)
    schedule = fields.List(Str(), required=True)
    headcount = Int(required=True)
    required_licence = Str(required=True, allow_none=True)
    min_age = Int(required=True)
    needs_health_certificate = Bool(required=True)
    needs_vehicle = Str(required=True, allow_none=True)
    status = Str(required=True)
    published_at = When(required=True, allow_none=True)
    employer = fields.Nested(EmployerBrief, required=True)

    def _monthly(self, posting) -> int | None:
        return posting_service.monthly_pay(posting.pay_max, posting.pay_unit, posting.trade)


PostingPage = _list(PostingSchema, "PostingPage")


class ReasonSchema(Schema):
    code = Str(required=True)
    text = Str(required=True)


def reasons_of(match, audience: str) -> list[dict[str, str]]:
    return [{"code": r.code, "text": reason_words.render(r, audience)} for r in match.reasons]


class MatchSchema(Schema):
    score = fields.Float(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


class PostingQuery(Schema):
    trade = Str()
    district = Str()
    schedule = Str()
    min_pay = Int()
    pay_unit = Str()
    q = Str()
    sort = Str(metadata={"enum": list(posting_service.SORTS)})
    page = Int(load_default=1)
    per_page = Int(load_default=20)


class BoothSchema(Schema):
    id = Int(required=True)
    label = Str(required=True, allow_none=True)
    employer = fields.Nested(EmployerBrief, required=True)
    postings = fields.List(fields.Nested(PostingSchema), required=True)


class FairSchema(Schema):
    id = Int(required=True)
    name = Str(required=True)
    mode = Str(required=True)
    venue = Str(required=True)
    district_code = Str(required=True)
    starts_at = When(required=True)
    ends_at = When(required=True)
    description = Str(required=True)
    phase = Str(required=True)


class FairDetailSchema(FairSchema):
    booths = fields.List(fields.Nested(BoothSchema), required=True)


class PolicySchema(Schema):
    id = Int(required=True)
    title = Str(required=True)
    body = Str(required=True)
    tags = fields.List(Str(), required=True)
    valid_until = fields.Date(required=True, allow_none=True)
    published_at = When(required=True, allow_none=True)


PolicyPage = _list(PolicySchema, "PolicyPage")


class PolicyQuery(Schema):
    tag = Str()
    page = Int(load_default=1)
    per_page = Int(load_default=20)


# -- seekers ---------------------------------------------------------------------------------


class ProfileSchema(Schema):
    id = Int(required=True)
    name = Str(required=True)
    birth_year = Int(required=True, allow_none=True)
    district_code = Str(required=True)
    occupation_codes = fields.List(Str(), required=True)
    desired_text = Str(required=True)
    skills = Str(required=True)
    experience = Str(required=True)
    experience_years = Int(required=True, allow_none=True)
    licence_classes = fields.List(Str(), required=True)
    has_ebike = Bool(required=True)
    has_car = Bool(required=True)
    health_certificate = Bool(required=True)
    availability = fields.List(Str(), required=True)
    pay_amount = Int(required=True, allow_none=True)
    pay_unit = Str(required=True, allow_none=True)
    intro = Str(required=True)
    discoverable = Bool(required=True)
    contact_consent = Bool(required=True)


class ProfileChange(Schema):
    """Any of the profile's fields; those left out stay as they are."""

    name = Str()
    birth_year = Int(allow_none=True)
    district_code = Str()
    occupation_codes = fields.List(Str())
    desired_text = Str()
    skills = Str()
    experience = Str()
    experience_years = Int(allow_none=True)
    licence_classes = fields.List(Str())
    has_ebike = Bool()
    has_car = Bool()
    health_certificate = Bool()
    availability = fields.List(Str())
    pay_amount = Int(allow_none=True)
    pay_unit = Str(allow_none=True)
    intro = Str()
    discoverable = Bool()
    contact_consent = Bool()


class RecommendationSchema(Schema):
    posting = fields.Nested(PostingSchema, required=True)
    match = fields.Nested(MatchSchema, required=True)


class RecommendationQuery(Schema):
    k = Int(load_default=10, metadata={"minimum": 1, "maximum": 50})


class MyApplicationSchema(Schema):
    id = Int(required=True)
    status = Str(required=True)
    version = Int(required=True)
    posting_id = Int(required=True)
    posting_title = Str(required=True)
    employer_name = Str(required=True)
    fair_id = Int(required=True, allow_none=True)
    interview_at = When(required=True, allow_none=True)
    interview_place = Str(required=True)
    next_step = Str(required=True)
    created_at = When(required=True)


class ApplyInput(Schema):
    posting_id = Id(required=True)
    note = Str(load_default="")
    fair_id = Id(allow_none=True, load_default=None)
    accept_soft = Bool(
        load_default=False,
        metadata={"description": "apply although a soft requirement is not met"},
    )


class VersionInput(Schema):
    version = Int(required=True, metadata={"description": "the application's version"})


class SignUpSchema(Schema):
    fair_id = Int(required=True)
    fair_name = Str(required=True)
    registered_at = When(required=True)
    checked_in_at = When(required=True, allow_none=True)


class SignUpInput(Schema):
    fair_id = Id(required=True)


# -- employers -------------------------------------------------------------------------------


class PostingInput(Schema):
    """A posting as the employer's form sends it; the form's rules check it."""

    title = Str(required=True)
    occupation_code = Str(required=True)
    description = Str(required=True)
    requirements = Str(load_default="")
    district_code = Str(required=True)
    pay_min = Int(allow_none=True, load_default=None)
    pay_max = Int(allow_none=True, load_default=None)
    pay_unit = Str(allow_none=True, load_default=None)
    schedule = fields.List(Str(), required=True)
    headcount = Int(required=True)
    required_licence = Str(allow_none=True, load_default=None)
    min_age = Int(load_default=18)
    needs_health_certificate = Bool(load_default=False)
    needs_vehicle = Str(allow_none=True, load_default=None)
    status = Str(load_default="draft", metadata={"enum": ["draft", "open", "closed"]})


class CandidateSchema(Schema):
    """A ranked seeker as the employer's candidates page shows them: name and mobile
    masked unless the seeker applied to the employer or agreed to be contacted."""

    seeker_id = Int(required=True)
    rank = Int(required=True)
    name = Str(required=True)
    phone = Str(required=True)
    contact_visible = Bool(required=True)
    district_code = Str(required=True)
    occupation_codes = fields.List(Str(), required=True)
    licence_classes = fields.List(Str(), required=True)
    desired_text = Str(required=True)
    match = fields.Nested(MatchSchema, required=True)
    applied = Bool(required=True)
    invited = Bool(required=True)


CandidatePage = _list(CandidateSchema, "CandidatePage")


def candidate_row(candidate, rank: int) -> dict:
    s = candidate.seeker
    visible = candidate.contact_visible
    return {
        "seeker_id": s.id,
        "rank": rank,
        "name": s.name if visible else mask_name(s.name),
        "phone": (s.phone or "") if visible else mask_phone(s.phone),
        "contact_visible": visible,
        "district_code": s.district_code,
        "occupation_codes": list(s.occupation_codes or []),
        "licence_classes": list(s.licence_classes or []),
        "desired_text": candidate.desired_text,
        "match": {
            "score": candidate.match.score,
            "reasons": reasons_of(candidate.match, "employer"),
        },
        "applied": candidate.applied,
        "invited": candidate.invited,
    }


class CandidateQuery(Schema):
    district = Str()
    licence = Str()
    page = Int(load_default=1)
    per_page = Int(load_default=20)


class ApplicantSchema(Schema):
    application_id = Int(required=True)
    seeker_id = Int(required=True)
    name = Str(required=True)
    phone = Str(required=True)
    status = Str(required=True)
    version = Int(required=True)
    note = Str(required=True)
    created_at = When(required=True)
    allowed_moves = fields.List(Str(), required=True)


class ApplicantQuery(Schema):
    status = Str()


class MoveInput(Schema):
    to_status = Str(required=True)
    version = Int(required=True)
    note = Str(load_default="")
    interview_at = When(allow_none=True, load_default=None)
    interview_place = Str(load_default="")
    booth_id = Id(allow_none=True, load_default=None)


class BoothRequestInput(Schema):
    posting_ids = fields.List(Id(), required=True)


class BoothRequestSchema(Schema):
    id = Int(required=True)
    fair_id = Int(required=True)
    status = Str(required=True)
    label = Str(required=True, allow_none=True)
    posting_ids = fields.List(Int(), required=True)


# -- staff -----------------------------------------------------------------------------------


class PendingEmployerSchema(Schema):
    id = Int(required=True)
    name = Str(required=True)
    trade = Str(required=True)
    credit_code = Str(required=True)
    created_at = When(required=True)
    similar = fields.List(fields.Nested(EmployerBrief), required=True)


class ReviewInput(Schema):
    decision = Str(required=True, metadata={"enum": ["approve", "reject"]})
    note = Str(load_default="")


class ReviewResult(Schema):
    id = Int(required=True)
    name = Str(required=True)
    status = Str(required=True)


class CheckInSchema(Schema):
    seeker_id = Int(required=True)
    registered_at = When(required=True)
    checked_in_at = When(required=True, allow_none=True)


CheckInPage = _list(CheckInSchema, "CheckInPage")


class PageQuery(Schema):
    page = Int(load_default=1)
    per_page = Int(load_default=20)


class CheckInInput(Schema):
    seeker_id = Id(required=True)


class StatRow(Schema):
    key = Str(required=True)
    label = Str(required=True)
    value = fields.Raw(required=True)


class FairStatsSchema(Schema):
    fair_id = Int(required=True)
    figures = fields.List(fields.Nested(StatRow), required=True)
