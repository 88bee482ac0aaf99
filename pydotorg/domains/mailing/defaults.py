"""The default template of every mail the site sends, and sample contexts for previews.

``flask mail sync-templates`` and ``flask seed`` add any of these that are missing and
never touch one that exists (staff may have edited it). Every template also receives
``site_url`` and ``site_name`` from :class:`~pydotorg.domains.mailing.services.EmailService`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from pydotorg.domains.mailing.models import EmailTemplateType

T = EmailTemplateType


@dataclass(frozen=True)
class DefaultTemplate:
    internal_name: str
    display_name: str
    description: str
    template_type: EmailTemplateType
    subject: str
    content_text: str
    content_html: str


_SIGNATURE_TEXT = "\n-- \nThe {{ site_name }} team\n{{ site_url }}\n"
_SIGNATURE_HTML = '<p>-- <br>The {{ site_name }} team<br><a href="{{ site_url }}">{{ site_url }}</a></p>\n'


def _template(
    internal_name: str,
    display_name: str,
    description: str,
    template_type: EmailTemplateType,
    subject: str,
    text: str,
    html: str,
) -> DefaultTemplate:
    return DefaultTemplate(
        internal_name,
        display_name,
        description,
        template_type,
        subject,
        text + _SIGNATURE_TEXT,
        html + _SIGNATURE_HTML,
    )


DEFAULT_TEMPLATES: tuple[DefaultTemplate, ...] = (
    _template(
        "account_verification",
        "Account verification",
        "Sent after signup and on request. Context: user, verify_url.",
        T.TRANSACTIONAL,
        "Confirm your email address on {{ site_name }}",
        "Hello {{ user.username }},\n\n"
        "Please confirm your email address by opening this link:\n\n"
        "{{ verify_url }}\n\n"
        "If you did not create an account, you can ignore this message.\n",
        "<p>Hello {{ user.username }},</p>\n"
        '<p>Please <a href="{{ verify_url }}">confirm your email address</a>.</p>\n'
        "<p>If the link does not work, copy this address into your browser:<br>{{ verify_url }}</p>\n"
        "<p>If you did not create an account, you can ignore this message.</p>\n",
    ),
    _template(
        "password_reset",
        "Password reset",
        "Sent when someone asks to reset a password. Context: user, reset_url.",
        T.TRANSACTIONAL,
        "Reset your {{ site_name }} password",
        "Hello {{ user.username }},\n\n"
        "Someone asked to reset the password of your account. To choose a new one, open:\n\n"
        "{{ reset_url }}\n\n"
        "If it was not you, ignore this message; your password stays the same.\n",
        "<p>Hello {{ user.username }},</p>\n"
        "<p>Someone asked to reset the password of your account.</p>\n"
        '<p><a href="{{ reset_url }}">Choose a new password</a></p>\n'
        "<p>If it was not you, ignore this message; your password stays the same.</p>\n",
    ),
    _template(
        "job_submitted",
        "Job submitted for review",
        "To the job board team when a job is submitted for review. Context: job, job_url.",
        T.NOTIFICATION,
        "Job submitted for review: {{ job.job_title }} at {{ job.company_name }}",
        "A job was submitted for review.\n\n"
        "Title: {{ job.job_title }}\nCompany: {{ job.company_name }}\n"
        "Location: {{ job.city }} {{ job.country }}\n\n"
        "Review it at {{ job_url }}\n",
        "<p>A job was submitted for review.</p>\n<ul>\n"
        "<li>Title: {{ job.job_title }}</li>\n<li>Company: {{ job.company_name }}</li>\n"
        "<li>Location: {{ job.city }} {{ job.country }}</li>\n</ul>\n"
        '<p><a href="{{ job_url }}">Review the job</a></p>\n',
    ),
    _template(
        "job_approved",
        "Job approved",
        "To the job's contact when it is approved. Context: job (job_url if given).",
        T.NOTIFICATION,
        "Your job posting was approved: {{ job.job_title }}",
        'Hello,\n\nYour job posting "{{ job.job_title }}" at {{ job.company_name }} '
        "was approved and is now listed on the job board.\n"
        "{% if job_url %}\nSee it at {{ job_url }}\n{% endif %}",
        "<p>Hello,</p>\n<p>Your job posting <strong>{{ job.job_title }}</strong> at "
        "{{ job.company_name }} was approved and is now listed on the job board.</p>\n"
        '{% if job_url %}<p><a href="{{ job_url }}">See the posting</a></p>\n{% endif %}',
    ),
    _template(
        "job_rejected",
        "Job rejected",
        "To the job's contact when it is rejected. Context: job, reason.",
        T.NOTIFICATION,
        "Your job posting was not approved: {{ job.job_title }}",
        'Hello,\n\nYour job posting "{{ job.job_title }}" at {{ job.company_name }} '
        "was not approved.\n{% if reason %}\nReason: {{ reason }}\n{% endif %}"
        "\nYou can edit it and submit it for review again.\n",
        "<p>Hello,</p>\n<p>Your job posting <strong>{{ job.job_title }}</strong> at "
        "{{ job.company_name }} was not approved.</p>\n"
        "{% if reason %}<p>Reason: {{ reason }}</p>\n{% endif %}"
        "<p>You can edit it and submit it for review again.</p>\n",
    ),
    _template(
        "job_commented",
        "Job review comment",
        "When a review comment is added to a job. Context: job, comment.",
        T.NOTIFICATION,
        "New comment on the job posting {{ job.job_title }}",
        'A review comment was added to "{{ job.job_title }}" at {{ job.company_name }}:\n\n'
        "{{ comment.comment }}\n{% if job_url %}\nSee the job at {{ job_url }}\n{% endif %}",
        "<p>A review comment was added to <strong>{{ job.job_title }}</strong> at "
        "{{ job.company_name }}:</p>\n<blockquote>{{ comment.comment }}</blockquote>\n"
        '{% if job_url %}<p><a href="{{ job_url }}">See the job</a></p>\n{% endif %}',
    ),
    _template(
        "jobs_monthly_report",
        "Job board monthly report",
        "To the job board team by `flask jobs monthly-report`. Context: this_month, "
        "last_month (month names), rows (status, this_month, last_month), "
        "total_this_month, total_last_month.",
        T.NOTIFICATION,
        "Job board report for {{ this_month }}",
        "Jobs created per status, {{ this_month }} and {{ last_month }}:\n\n"
        "{% for row in rows %}{{ row.status }}: {{ row.this_month }} "
        "({{ row.last_month }} in {{ last_month }})\n{% endfor %}\n"
        "Total: {{ total_this_month }} ({{ total_last_month }} in {{ last_month }})\n",
        "<p>Jobs created per status:</p>\n<table>\n"
        "<tr><th>Status</th><th>{{ this_month }}</th><th>{{ last_month }}</th></tr>\n"
        "{% for row in rows %}<tr><td>{{ row.status }}</td><td>{{ row.this_month }}</td>"
        "<td>{{ row.last_month }}</td></tr>\n{% endfor %}"
        "<tr><th>Total</th><th>{{ total_this_month }}</th><th>{{ total_last_month }}</th></tr>\n"
        "</table>\n",
    ),
    _template(
        "membership_created",
        "PSF membership created",
        "To a user who became a PSF member. Context: user, membership.",
        T.TRANSACTIONAL,
        "Welcome to the Python Software Foundation",
        "Hello {{ membership.preferred_name or user.username }},\n\n"
        "Thank you for becoming a {{ membership.membership_type.value }} member of the "
        "Python Software Foundation.\n",
        "<p>Hello {{ membership.preferred_name or user.username }},</p>\n"
        "<p>Thank you for becoming a {{ membership.membership_type.value }} member of the "
        "Python Software Foundation.</p>\n",
    ),
    # Mailman reads the "subscribe" command from the subject and stops at the
    # signature's "-- " line.
    _template(
        "psf_announce_subscribe",
        "PSF announcements: subscribe",
        "Sent from the member's address to the announcement list's request address "
        "(PSF_ANNOUNCE_SUBSCRIBE_ADDRESS) when a membership opts into announcements; "
        "Mailman reads the word subscribe. Context: address.",
        T.NOTIFICATION,
        "subscribe",
        "subscribe\n",
        "<p>subscribe</p>\n",
    ),
    _template(
        "sponsorship_applied",
        "Sponsorship application received",
        "To the PSF and the sponsor's contacts when a sponsorship is applied for. Context: sponsorship.",
        T.NOTIFICATION,
        "Sponsorship application from {{ sponsorship.sponsor.name }}",
        "{{ sponsorship.sponsor.name }} applied for a {{ sponsorship.level.name }} sponsorship"
        "{% if sponsorship.year %} for {{ sponsorship.year }}{% endif %}.\n\n"
        "The PSF sponsorship team will review the application and get back to you.\n",
        "<p><strong>{{ sponsorship.sponsor.name }}</strong> applied for a "
        "{{ sponsorship.level.name }} sponsorship"
        "{% if sponsorship.year %} for {{ sponsorship.year }}{% endif %}.</p>\n"
        "<p>The PSF sponsorship team will review the application and get back to you.</p>\n",
    ),
    _template(
        "sponsorship_approved",
        "Sponsorship approved",
        "To the sponsor's contacts when a sponsorship is approved. Context: sponsorship.",
        T.NOTIFICATION,
        "Your {{ sponsorship.level.name }} sponsorship was approved",
        "Hello,\n\nThe {{ sponsorship.level.name }} sponsorship of {{ sponsorship.sponsor.name }} "
        "was approved{% if sponsorship.start_date %}, from {{ sponsorship.start_date }} "
        "to {{ sponsorship.end_date }}{% endif %}.\nA contract will follow.\n",
        "<p>Hello,</p>\n<p>The {{ sponsorship.level.name }} sponsorship of "
        "<strong>{{ sponsorship.sponsor.name }}</strong> was approved"
        "{% if sponsorship.start_date %}, from {{ sponsorship.start_date }} to "
        "{{ sponsorship.end_date }}{% endif %}.</p>\n<p>A contract will follow.</p>\n",
    ),
    _template(
        "sponsorship_rejected",
        "Sponsorship rejected",
        "To the PSF and the sponsor's contacts when a sponsorship is rejected. Context: sponsorship.",
        T.NOTIFICATION,
        "Sponsorship application of {{ sponsorship.sponsor.name }} was not accepted",
        "Hello,\n\nThe {{ sponsorship.level.name }} sponsorship application of "
        "{{ sponsorship.sponsor.name }} was not accepted. Please contact the PSF "
        "sponsorship team if you have questions.\n",
        "<p>Hello,</p>\n<p>The {{ sponsorship.level.name }} sponsorship application of "
        "<strong>{{ sponsorship.sponsor.name }}</strong> was not accepted. Please contact "
        "the PSF sponsorship team if you have questions.</p>\n",
    ),
    _template(
        "contract_sent",
        "Sponsorship contract sent",
        "When a sponsorship contract is sent for signature. Context: contract, sponsorship.",
        T.NOTIFICATION,
        "Sponsorship contract for {{ sponsorship.sponsor.name }} is awaiting signature",
        "The contract (revision {{ contract.revision }}) for the {{ sponsorship.level.name }} "
        "sponsorship of {{ sponsorship.sponsor.name }} was sent and awaits signature.\n",
        "<p>The contract (revision {{ contract.revision }}) for the "
        "{{ sponsorship.level.name }} sponsorship of "
        "<strong>{{ sponsorship.sponsor.name }}</strong> was sent and awaits signature.</p>\n",
    ),
    _template(
        "nomination_received",
        "Nomination received",
        "When a nomination is submitted. Context: nomination, nominee, election, "
        "accept_url.",
        T.NOTIFICATION,
        "Nomination of {{ nomination.name }} for {{ election.name }}",
        "{{ nomination.name }} was nominated for {{ election.name }}.\n\n"
        "The nominee can read and accept the nomination at {{ accept_url }}\n\n"
        "Nominations close on {{ election.nominations_close }}.\n",
        "<p><strong>{{ nomination.name }}</strong> was nominated for {{ election.name }}.</p>\n"
        '<p>The nominee can <a href="{{ accept_url }}">read and accept the nomination</a>.</p>\n'
        "<p>Nominations close on {{ election.nominations_close }}.</p>\n",
    ),
    _template(
        "event_submitted",
        "Event submitted",
        "To the events team when a visitor submits an event. Context: submission, "
        "submitter.",
        T.NOTIFICATION,
        "Event submission: {{ submission.event_name }}",
        "{{ submitter.username }} ({{ submitter.email }}) submitted an event for the "
        "calendars.\n\n"
        "Event: {{ submission.event_name }}\nType: {{ submission.event_type }}\n"
        "Python focus: {{ submission.python_focus }}\n"
        "Expected attendees: {{ submission.expected_attendees }}\n"
        "Location: {{ submission.location }}\n"
        "Dates: {{ submission.date_from }} to {{ submission.date_to }}\n"
        "{% if submission.recurrence %}Recurrence: {{ submission.recurrence }}\n{% endif %}"
        "Website: {{ submission.url }}\n\n{{ submission.description }}\n\n"
        "Reply to this message to answer the submitter.\n",
        "<p><strong>{{ submitter.username }}</strong> ({{ submitter.email }}) submitted an "
        "event for the calendars.</p>\n<ul>\n"
        "<li>Event: {{ submission.event_name }}</li>\n"
        "<li>Type: {{ submission.event_type }}</li>\n"
        "<li>Python focus: {{ submission.python_focus }}</li>\n"
        "<li>Expected attendees: {{ submission.expected_attendees }}</li>\n"
        "<li>Location: {{ submission.location }}</li>\n"
        "<li>Dates: {{ submission.date_from }} to {{ submission.date_to }}</li>\n"
        "{% if submission.recurrence %}<li>Recurrence: {{ submission.recurrence }}</li>\n"
        "{% endif %}<li>Website: {{ submission.url }}</li>\n</ul>\n"
        "<blockquote>{{ submission.description }}</blockquote>\n"
        "<p>Reply to this message to answer the submitter.</p>\n",
    ),
    _template(
        "story_submitted",
        "Success story submitted",
        "To PSF staff when a visitor submits a success story (stored unpublished). "
        "Context: story, title, review_url.",
        T.NOTIFICATION,
        "New success story submission: {{ title }}",
        "A success story was submitted and waits for review (it is not published).\n\n"
        "Title: {{ story.name }}\nCompany: {{ story.company_name }} "
        "{{ story.company_url }}\nCategory: {{ story.category.name }}\n"
        "Author: {{ story.author }} <{{ story.author_email }}>\n\n"
        "{{ story.pull_quote }}\n\n{{ story.content }}\n\n"
        "Review and publish it at {{ review_url }}\n",
        "<p>A success story was submitted and waits for review (it is not "
        "published).</p>\n<ul>\n<li>Title: {{ story.name }}</li>\n"
        "<li>Company: {{ story.company_name }} {{ story.company_url }}</li>\n"
        "<li>Category: {{ story.category.name }}</li>\n"
        "<li>Author: {{ story.author }} &lt;{{ story.author_email }}&gt;</li>\n</ul>\n"
        "<blockquote>{{ story.pull_quote }}</blockquote>\n<pre>{{ story.content }}</pre>\n"
        '<p><a href="{{ review_url }}">Review and publish it</a></p>\n',
    ),
)

DEFAULTS_BY_NAME = {template.internal_name: template for template in DEFAULT_TEMPLATES}


def _sample_objects() -> dict[str, Any]:
    user = SimpleNamespace(
        username="guido",
        email="guido@example.com",
        first_name="Guido",
        last_name="van Rossum",
    )
    job = SimpleNamespace(
        job_title="Senior Python Developer",
        company_name="Example Corp",
        city="Amsterdam",
        region="North Holland",
        country="Netherlands",
        email="jobs@example.com",
    )
    sponsor = SimpleNamespace(name="Example Corp")
    level = SimpleNamespace(name="Visionary", sponsorship_amount=150000)
    sponsorship = SimpleNamespace(
        sponsor=sponsor,
        level=level,
        year=date.today().year,  # noqa: DTZ011  (a sample date for previews)
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    election = SimpleNamespace(
        name="2025 Board Election", nominations_close=date(2025, 6, 1)
    )
    return {
        "user": user,
        "verify_url": "https://www.python.org/accounts/confirm-email/sample-token/",
        "reset_url": "https://www.python.org/accounts/password/reset/sample-token/",
        "accept_url": "https://www.python.org/nominations/2025-board-election/sample/accept/",
        "job": job,
        "job_url": "https://www.python.org/jobs/senior-python-developer/",
        "reason": "The posting does not mention Python.",
        "comment": SimpleNamespace(
            comment="Please add the salary range.", creator=user
        ),
        "membership": SimpleNamespace(
            preferred_name="Guido",
            legal_name="Guido van Rossum",
            membership_type=SimpleNamespace(value="basic", name="BASIC"),
        ),
        "sponsorship": sponsorship,
        "contract": SimpleNamespace(revision=1, sponsorship=sponsorship),
        "nomination": SimpleNamespace(name="Jane Doe", email="jane@example.com"),
        "nominee": SimpleNamespace(user=user),
        "address": "guido@example.com",
        "this_month": "June 2025",
        "last_month": "May 2025",
        "rows": [
            SimpleNamespace(status="approved", this_month=12, last_month=9),
            SimpleNamespace(status="review", this_month=3, last_month=1),
        ],
        "total_this_month": 15,
        "total_last_month": 10,
        "election": election,
        "submitter": user,
        "submission": SimpleNamespace(
            event_name="PyCon Namibia 2027",
            event_type="Conference",
            python_focus="Data science and teaching",
            expected_attendees=300,
            location="Windhoek, Namibia",
            date_from=date(2027, 2, 18),
            date_to=date(2027, 2, 20),
            recurrence="",
            url="https://na.pycon.org/",
            description="Three days of talks and tutorials.",
        ),
        "story": SimpleNamespace(
            name="Python keeps the trains on time",
            company_name="Rail Systems Ltd",
            company_url="https://rail.example.com/",
            category=SimpleNamespace(name="Engineering"),
            author="Jane Doe",
            author_email="jane@example.com",
            pull_quote="Python runs our timetable.",
            content="We moved our scheduling to Python in 2019.",
        ),
        "title": "Python keeps the trains on time",
        "review_url": "https://www.python.org/admin/story/edit/?id=sample",
    }


class Placeholder:
    """Stands in for a variable the preview has no sample for: renders as ``[name]``."""

    def __init__(self, path: str) -> None:
        self._path = path

    def __getattr__(self, name: str) -> Placeholder:
        if name.startswith("_"):
            raise AttributeError(name)
        return Placeholder(f"{self._path}.{name}")

    def __getitem__(self, key: Any) -> Placeholder:
        return Placeholder(f"{self._path}[{key!r}]")

    def __iter__(self) -> Any:
        return iter(())

    def __str__(self) -> str:
        return f"[{self._path}]"

    def __html__(self) -> str:
        return str(self).replace("<", "&lt;").replace(">", "&gt;")


def sample_context(variables: set[str]) -> dict[str, Any]:
    """Sample values for these variable names, a placeholder for unknown ones."""
    samples = _sample_objects()
    return {name: samples.get(name, Placeholder(name)) for name in sorted(variables)}
