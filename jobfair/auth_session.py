"""Flask-Login wiring: the cookie holds a login session id, checked on every request."""

from __future__ import annotations

from flask_login import LoginManager

from jobfair.i18n import lazy_gettext as _l


def init_login_manager(login_manager: LoginManager) -> None:
    from .services import accounts

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("请先登录。")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(accounts.user_for_login_session)
