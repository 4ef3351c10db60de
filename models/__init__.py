"""SQLAlchemy models of jobfair. Plain SQLAlchemy: never imports Flask or jobfair."""

from .api_token import ApiToken
from .application import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Invitation,
)
from .audit import AuditEntry
from .base import Base, enum_check, utcnow
from .booth_queue import BoothQueueEntry, QueueOutcome, QueueSource
from .consultation import Consultation, ConsultationTopic, PasswordSetupToken
from .employer import Employer, EmployerMember, EmployerStatus
from .fair import Booth, BoothStatus, Fair, FairMode, FairRegistration, FairStatus, booth_posting
from .index_change import IndexChange
from .notification import Notification, Question
from .phone_code import PhoneCode
from .policy import PolicyArticle, PolicyArticleTag, PolicyStatus, PolicyTag
from .posting import Posting, PostingStatus
from .saved_posting import SavedPosting
from .seeker import SeekerProfile
from .support_scheme import SeekerPolicyFacts, SupportScheme
from .trade import Trade
from .user import LoginAttempt, LoginSession, Role, User

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "AuditEntry",
    "Base",
    "Booth",
    "BoothQueueEntry",
    "Consultation",
    "ConsultationTopic",
    "BoothStatus",
    "Employer",
    "EmployerMember",
    "EmployerStatus",
    "Fair",
    "FairMode",
    "FairRegistration",
    "FairStatus",
    "IndexChange",
    "Invitation",
    "Notification",
    "PasswordSetupToken",
    "PhoneCode",
    "PolicyArticle",
    "PolicyArticleTag",
    "PolicyStatus",
    "PolicyTag",
    "OPEN_STATUSES",
    "Question",
    "QueueOutcome",
    "QueueSource",
    "LoginAttempt",
    "LoginSession",
    "Posting",
    "PostingStatus",
    "Role",
    "SavedPosting",
    "SeekerPolicyFacts",
    "SeekerProfile",
    "SupportScheme",
    "Trade",
    "User",
    "booth_posting",
    "enum_check",
    "utcnow",
]
