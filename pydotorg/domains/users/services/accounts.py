"""Accounts: sign-up, verification, passwords, login, OAuth, profiles, activation."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from pydotorg.core.permissions import (
    PermissionDenied,
    is_same_user,
    is_staff,
    require_may_act_for,
)
from pydotorg.core.rules import RuleError
from pydotorg.core.types import utcnow
from pydotorg.domains.users import tokens
from pydotorg.domains.users.models import (
    EmailPrivacy,
    SearchVisibility,
    User,
)
from pydotorg.domains.users.notifications import RESET_LINK, VERIFY_LINK, send_link
from pydotorg.domains.users.throttle import LoginThrottle, login_throttle

USERNAME_MAX_LENGTH = 150
# Django's username characters, ASCII only: letters, digits and @ . + - _. A login
# that is some account's email address always means that account (``find_by_login``),
# so a username shaped like someone else's address cannot capture their login.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9@.+_-]+")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# Words that share the /users/ and /accounts/ URL spaces, or impersonate the site.
RESERVED_USERNAMES = frozenset(
    {
        "accounts", "admin", "administrator", "api", "api-keys", "community",
        "confirm-email", "delete", "edit", "login", "logout", "me", "membership",
        "new", "nominations", "password", "postmaster", "psf", "python", "root", "security",
        "settings", "signup", "staff", "static", "support", "user-groups", "users",
        "webmaster",
    }
)  # fmt: skip
PASSWORD_MIN_LENGTH = 8
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password123", "12345678", "123456789", "1234567890",
        "qwertyuiop", "qwerty123", "iloveyou", "11111111", "00000000", "abc12345",
        "letmein1", "welcome1", "admin123", "passw0rd", "python123", "pythonpython",
        "monkey123", "football", "baseball", "sunshine", "princess", "trustno1",
    }
)  # fmt: skip
PROFILE_FIELDS = (
    "first_name", "last_name", "bio", "public_profile", "search_visibility",
    "email_privacy",
)  # fmt: skip


class AuthenticationError(RuleError):
    """Login refused; the message is safe to show to the person logging in."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


class AccountValidationError(RuleError):
    """Input that breaks an account rule, as ``{field: [messages]}``."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


TokenError = tokens.TokenError
LOCKED_MESSAGE = "Too many failed login attempts. Please try again later."


def normalize_email(email: str) -> str:
    """Trimmed, with an internationalised domain in its ASCII (IDNA) form.

    IDNA folds case and look-alikes in the domain (fullwidth letters), so a
    domain typed either way meets the stored one in the unique index.
    """
    email = email.strip()
    local, at, domain = email.rpartition("@")
    if at and domain and not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return email  # left as typed: is_valid_email refuses it
        email = f"{local}@{domain}"
    return email


def is_valid_email(email: str) -> bool:
    """An ASCII address (as Django's validator): SQLite's lower() folds only ASCII,
    so non-ASCII mailbox names would escape case-insensitive uniqueness, and
    look-alike letters would register a second account for the same-looking address.
    """
    return email.isascii() and EMAIL_PATTERN.fullmatch(email) is not None


@dataclass(frozen=True)
class SignupResult:
    """``user`` is the new account; ``existing`` the owner of an already-registered email."""

    user: User | None
    existing: User | None


@dataclass
class UserService:
    session: Session

    # -- lookups ---------------------------------------------------------------

    def find_by_login(self, login: str) -> User | None:
        """A user by username or email, both case-insensitively."""
        login = login.strip().lower()
        if not login:
            return None
        # The email match wins over a username spelled like that address.
        return self.session.scalar(
            sa.select(User)
            .where(
                sa.or_(
                    sa.func.lower(User.username) == login,
                    sa.func.lower(User.email) == login,
                )
            )
            .order_by(sa.case((sa.func.lower(User.email) == login, 0), else_=1))
            .limit(1)
        )

    def find_by_username(self, username: str) -> User | None:
        return self.session.scalar(
            sa.select(User)
            .where(sa.func.lower(User.username) == username.strip().lower())
            .options(selectinload(User.membership))
        )

    def find_by_email(self, email: str) -> User | None:
        email = normalize_email(email).lower()
        if not email:
            return None
        return self.session.scalar(
            sa.select(User).where(sa.func.lower(User.email) == email)
        )

    def username_taken(self, username: str, exclude: User | None = None) -> bool:
        found = self.find_by_username(username)
        return found is not None and found is not exclude

    # -- passwords -------------------------------------------------------------

    def set_password(self, user: User, password: str) -> None:
        """Set a new password; it ends every login session of the account."""
        method = current_app.config["PASSWORD_HASH_METHOD"]
        user.password_hash = generate_password_hash(password, method=method)
        user.session_version = (user.session_version or 0) + 1

    def check_password(self, user: User | None, password: str) -> bool:
        """Whether ``password`` is the user's.

        With no user or no password to compare, a throwaway hash is checked all
        the same, so the response time doesn't tell which logins exist.
        """
        if user is None or not user.password_hash:
            method = current_app.config["PASSWORD_HASH_METHOD"]
            check_password_hash(_throwaway_hash(method), password)
            return False
        return check_password_hash(user.password_hash, password)

    @staticmethod
    def password_problems(
        password: str, *, username: str = "", email: str = ""
    ) -> list[str]:
        """Why ``password`` is too weak (empty when it is acceptable)."""
        problems = []
        if len(password) < PASSWORD_MIN_LENGTH:
            problems.append(
                f"The password must have at least {PASSWORD_MIN_LENGTH} characters."
            )
        if password.isdigit():
            problems.append("The password cannot be entirely numeric.")
        lowered = password.lower()
        if lowered in COMMON_PASSWORDS:
            problems.append("This password is too common.")
        personal = {username.lower(), email.lower(), email.lower().split("@")[0]}
        if any(len(word) >= 3 and word in lowered for word in personal):
            problems.append("The password is too similar to your username or email.")
        return problems

    def change_password(self, user: User, old: str, new: str) -> None:
        errors: dict[str, list[str]] = {}
        if user.password_hash and not self.check_password(user, old):
            errors["old_password"] = ["Your current password is not correct."]
        if problems := self.password_problems(
            new, username=user.username, email=user.email
        ):
            errors["password1"] = problems
        if errors:
            raise AccountValidationError(errors)
        self.set_password(user, new)
        self.session.flush()

    def end_sessions(self, user: User) -> None:
        """End every login session of ``user`` (each carries the old version)."""
        user.session_version = (user.session_version or 0) + 1
        self.session.flush()

    def user_for_session(self, session_id: str) -> User | None:
        """The active user a login session belongs to, if the session is still current."""
        user_id, _, version = session_id.partition(":")
        try:
            user = self.session.get(User, uuid.UUID(user_id))
        except ValueError:
            return None
        if user is None or not user.is_active or version != str(user.session_version):
            return None
        return user

    # -- sign-up and verification ---------------------------------------------

    def username_problems(self, username: str) -> list[str]:
        if not USERNAME_PATTERN.fullmatch(username) or not username.strip("."):
            return [
                "Use only ASCII letters, digits and the characters @ . + - _ "
                "in your username."
            ]
        if len(username) > USERNAME_MAX_LENGTH:
            return [f"Use at most {USERNAME_MAX_LENGTH} characters."]
        if username.lower() in RESERVED_USERNAMES:
            return ["This username is reserved. Please choose another."]
        if self.username_taken(username):
            return ["A user with that username already exists."]
        return []

    def sign_up(self, username: str, email: str, password: str) -> SignupResult:
        """A new unverified account, mailed a verification link.

        When the email is already registered nothing is created and the owner is
        mailed instead (a reset or verification link), so the caller answers
        exactly as for a fresh sign-up and never reveals who is registered.
        """
        username, email = username.strip(), normalize_email(email)
        errors: dict[str, list[str]] = {}
        if problems := self.username_problems(username):
            errors["username"] = problems
        if not is_valid_email(email):
            errors["email"] = ["Enter a valid email address."]
        if problems := self.password_problems(password, username=username, email=email):
            errors["password1"] = problems
        if errors:
            raise AccountValidationError(errors)
        # Hashed before the look-up, so a registered address answers as slowly.
        user = User(username=username, email=email, email_verified=False)
        self.set_password(user, password)
        existing = self.find_by_email(email)
        if existing is not None:
            self._notify_existing_owner(existing)
            return SignupResult(user=None, existing=existing)
        try:
            with self.session.begin_nested():
                self.session.add(user)
        except sa.exc.IntegrityError:
            # Lost a race with a simultaneous sign-up for the same name or address.
            raise AccountValidationError(
                {"username": ["A user with that username already exists."]}
            ) from None
        self.send_verification(user)
        return SignupResult(user=user, existing=None)

    def _notify_existing_owner(self, user: User) -> None:
        if not user.is_active:
            return
        if user.email_verified:
            self.send_password_reset(user)
        else:
            self.send_verification(user)

    def verification_token(self, user: User) -> str:
        return tokens.make_token(
            tokens.VERIFY_EMAIL,
            # A digest, not the address: token payloads are signed, not encrypted.
            {"u": str(user.id), "e": tokens.fingerprint(user.email.lower())},
        )

    def send_verification(self, user: User) -> Any:
        return send_link(self.session, user, VERIFY_LINK, self.verification_token(user))

    def resend_verification(self, email: str) -> None:
        """Mail a new link if an active, unverified account uses ``email`` (silently)."""
        user = self.find_by_email(email)
        if user is not None and user.is_active and not user.email_verified:
            self.send_verification(user)

    def user_for_verification(self, token: str) -> User:
        """The account a verification token is for, if it may still be used."""
        payload = tokens.read_token(tokens.VERIFY_EMAIL, token)
        invalid = tokens.MESSAGES[tokens.VERIFY_EMAIL].invalid
        user = self._user_from(payload)
        if user is None or tokens.fingerprint(user.email.lower()) != payload.get("e"):
            raise TokenError(invalid, code="invalid")
        if user.email_verified:
            raise TokenError(
                "This confirmation link has already been used. "
                "Your email address is verified: you can log in.",
                code="used",
            )
        if not user.is_active:
            raise TokenError(invalid, code="invalid")
        return user

    def _user_from(self, payload: dict[str, Any]) -> User | None:
        try:
            return self.session.get(User, uuid.UUID(str(payload.get("u"))))
        except ValueError:
            return None

    def verify_email(self, token: str) -> User:
        user = self.user_for_verification(token)
        user.email_verified = True
        self.session.flush()
        return user

    # -- password reset ----------------------------------------------------------

    def password_reset_token(self, user: User) -> str:
        return tokens.make_token(
            tokens.RESET_PASSWORD,
            # Bound to the password (single use) and to the address it was mailed to.
            {
                "u": str(user.id),
                "p": tokens.fingerprint(user.password_hash),
                "e": tokens.fingerprint(user.email.lower()),
            },
        )

    def send_password_reset(self, user: User) -> Any:
        return send_link(
            self.session, user, RESET_LINK, self.password_reset_token(user)
        )

    def request_password_reset(self, email: str) -> None:
        """Mail a reset link if an active account uses ``email`` (silently)."""
        user = self.find_by_email(email)
        if user is not None and user.is_active:
            self.send_password_reset(user)

    def user_for_reset(self, token: str) -> User:
        payload = tokens.read_token(tokens.RESET_PASSWORD, token)
        user = self._user_from(payload)
        if (
            user is None
            or not user.is_active
            or tokens.fingerprint(user.email.lower()) != payload.get("e")
        ):
            raise TokenError(
                tokens.MESSAGES[tokens.RESET_PASSWORD].invalid, code="invalid"
            )
        if tokens.fingerprint(user.password_hash) != payload.get("p"):
            raise TokenError(
                "This password reset link has already been used. "
                "Ask for a new one below if you still need it.",
                code="used",
            )
        return user

    def reset_password(self, token: str, password: str) -> User:
        user = self.user_for_reset(token)
        if problems := self.password_problems(
            password, username=user.username, email=user.email
        ):
            raise AccountValidationError({"password1": problems})
        self.set_password(user, password)
        # Following the link proved the owner reads this mailbox.
        user.email_verified = True
        self.session.flush()
        return user

    # -- logging in ------------------------------------------------------------

    def authenticate(self, login: str, password: str) -> User:
        """The user for these credentials, or :class:`AuthenticationError`."""
        return self._check_credentials(self.find_by_login(login), password)

    def _check_credentials(self, user: User | None, password: str) -> User:
        if not self.check_password(user, password) or user is None:
            raise AuthenticationError("Invalid username or password.")
        if not user.is_active:
            raise AuthenticationError("This account is inactive.", code="inactive")
        if not user.email_verified:
            raise AuthenticationError(
                "Please verify your email address before logging in.", code="unverified"
            )
        user.last_login = utcnow()
        return user

    def login(
        self,
        login: str,
        password: str,
        *,
        address: str | None,
        throttle: LoginThrottle | None = None,
    ) -> User:
        """:meth:`authenticate`, refused for a while after repeated failures.

        The account key is the user's id when the login names one (so switching
        between username and email gains nothing), else the typed login, so a
        lockout looks the same for accounts that exist and ones that don't.
        """
        throttle = throttle or login_throttle()
        user = self.find_by_login(login)
        account = str(user.id) if user else login
        if throttle.is_locked(account, address):
            raise AuthenticationError(LOCKED_MESSAGE, code="locked")
        try:
            user = self._check_credentials(user, password)
        except AuthenticationError as error:
            if error.code == "invalid":
                throttle.record_failure(account, address)
            raise
        throttle.record_success(account, address)
        return user

    def sign_in_with_oauth(
        self,
        provider: str,
        oauth_id: str,
        *,
        login: str,
        verified_emails: Sequence[str],
        name: str = "",
    ) -> User:
        """The account linked to this identity, an account with the same verified
        email (linked now), or a new verified account."""
        user = self.session.scalar(
            sa.select(User).where(
                User.oauth_provider == provider, User.oauth_id == oauth_id
            )
        )
        if user is None:
            user = self._link_by_email(provider, oauth_id, verified_emails)
        if user is None:
            user = self._create_from_oauth(
                provider, oauth_id, login, verified_emails, name
            )
        if not user.is_active:
            raise AuthenticationError("This account is inactive.", code="inactive")
        user.last_login = utcnow()
        self.session.flush()
        return user

    def _link_by_email(
        self, provider: str, oauth_id: str, verified_emails: Sequence[str]
    ) -> User | None:
        for email in verified_emails:
            user = self.find_by_email(email)
            if user is None:
                continue
            if not user.email_verified:
                # Someone may have registered this address without owning it.
                raise AuthenticationError(
                    "An account with this email address exists but is not verified "
                    "yet. Verify it first, or reset its password.",
                    code="unverified",
                )
            user.oauth_provider, user.oauth_id = provider, oauth_id
            return user
        return None

    def _create_from_oauth(
        self,
        provider: str,
        oauth_id: str,
        login: str,
        verified_emails: Sequence[str],
        name: str,
    ) -> User:
        if not verified_emails:
            raise AuthenticationError(
                "Your GitHub account has no verified email address.", code="no_email"
            )
        first, _, last = name.strip().partition(" ")
        user = User(
            username=self._free_username(login),
            email=normalize_email(verified_emails[0]),
            email_verified=True,
            is_active=True,
            first_name=first[:150],
            last_name=last[:150],
            oauth_provider=provider,
            oauth_id=oauth_id,
        )
        self.session.add(user)
        self.session.flush()
        return user

    def _free_username(self, wanted: str) -> str:
        base = "".join(c for c in wanted if USERNAME_PATTERN.fullmatch(c))[:140]
        if not base or base.lower() in RESERVED_USERNAMES:
            base = f"user-{base}" if base else "user"
        candidate, n = base, 1
        while self.username_taken(candidate):
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    # -- profiles ----------------------------------------------------------------

    def visible_profile(self, username: str, viewer: Any) -> User | None:
        """The profile ``viewer`` may see: searchable users, or the viewer's own."""
        user = self.find_by_username(username)
        if user is None:
            return None
        if is_same_user(user, viewer):
            return user
        if (
            user.is_active
            and user.public_profile
            and user.search_visibility == SearchVisibility.PUBLIC
        ):
            return user
        return None

    @staticmethod
    def email_visible_to(user: User, viewer: Any) -> bool:
        if is_same_user(user, viewer):
            return True
        if user.email_privacy == EmailPrivacy.PUBLIC:
            return True
        if user.email_privacy == EmailPrivacy.PRIVATE:
            return bool(viewer is not None and viewer.is_authenticated)
        return False

    def update_profile(self, user: User, **fields: Any) -> User:
        unknown = set(fields) - set(PROFILE_FIELDS)
        if unknown:
            raise AccountValidationError({name: ["Unknown field."] for name in unknown})
        for name, value in fields.items():
            setattr(user, name, value)
        self.session.flush()
        return user

    def deactivate(self, user: User, *, by: Any) -> None:
        """Self-service or staff deactivation; the account's content stays."""
        self._check_may_manage(user, by)
        user.is_active = False
        self.session.flush()

    def activate(self, user: User, *, by: Any) -> None:
        if not is_staff(by):
            raise PermissionDenied("Only staff can reactivate accounts.")
        self._check_may_manage(user, by)
        user.is_active = True
        self.session.flush()

    @staticmethod
    def _check_may_manage(user: User, by: Any) -> None:
        require_may_act_for(
            user,
            by,
            own="You can only change your own account.",
            staff=f"Only a superuser can change the staff account {user.username}.",
        )

    # -- command line ------------------------------------------------------------

    def create_superuser(self, username: str, email: str, password: str) -> User:
        """An active, verified staff superuser (or that user, promoted and re-passworded)."""
        user = self.find_by_login(username) or self.find_by_login(email)
        if user is None:
            user = User(username=username, email=email)
            self.session.add(user)
        user.is_active = user.email_verified = True
        user.is_staff = user.is_superuser = True
        self.set_password(user, password)
        self.session.flush()
        return user


@cache
def _throwaway_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)
