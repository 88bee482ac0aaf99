"""A template cannot burn the worker's CPU or memory: huge results are refused early."""

import pytest
from jinja2.exceptions import SecurityError

from pydotorg.domains.mailing.models import EmailLog, EmailStatus, EmailTemplate
from pydotorg.domains.mailing.sandbox import text_environment
from pydotorg.domains.mailing.services import EmailService
from pydotorg.extensions import db
from tests.factories.mailing import EmailTemplateFactory


def text_template(source):
    return EmailTemplate(subject="s", content_text=source, content_html=source)


# Written out, these are reported when the template is saved.
HUGE_CONSTANTS = {
    "{{ 9**(9**9) }}": "9 ** 387420489 is too large",
    "{{ 'x'*10**9 }}": "repeating a sequence past 100000 items",
    "{{ [0]*10**9 }}": "repeating a sequence past 100000 items",
    "{{ ''|center(10**9) }}": "'center': width=1000000000 is larger than 1000",
    "{{ 'a'|indent(width=1000000000) }}": "'indent': width=1000000000",
    "{{ 'a'|wordwrap(10**9) }}": "'wordwrap': width=1000000000",
    "{{ 'a'|truncate(10**9) }}": "'truncate': length=1000000000",
    "{{ '%1000000000s' % 1 }}": "format width=1000000000 is larger than 1000",
    "{{ '%1000000000s'|format(1) }}": "format width=1000000000",
    "{{ '{:>1000000000}'.format(1) }}": "format width=1000000000",
    "{{ '{0:{1}}'.format(1, 2) }}{{ '{:>9999}'.format(1) }}": "format width=9999",
}


@pytest.mark.parametrize(("source", "problem"), sorted(HUGE_CONSTANTS.items()))
def test_huge_constants_are_reported_by_validation(source, problem):
    errors = text_template(source).validate_templates()
    assert any(problem in error for error in errors), errors
    assert any(e.startswith("Text content: line 1:") for e in errors)
    assert any(e.startswith("HTML content: line 1:") for e in errors)


# Sizes from the context slip past validation; the sandbox refuses them at render time.
HUGE_AT_RENDER = [
    "{{ 9 ** n }}",
    "{{ big * big }}",
    "{{ 'x' * n }}",
    "{{ n * 'x' }}",
    "{{ text + text }}",
    "{{ ''|center(n) }}",
    "{{ 'a'|indent(n) }}",
    "{{ 'a'|indent(text) }}",
    "{{ text|replace('', 'yy') }}",
    "{{ text|slice(n)|list }}",
    "{{ text|batch(n)|list }}",
    "{{ percent % 1 }}",
    "{{ percent|format(1) }}",
    "{% for a in text %}{% for b in text %}{{ b }}{% endfor %}{% endfor %}",
]
CONTEXT = {
    "n": 10**9,
    "big": 2**4000,
    "text": "x" * 60_000,
    "pattern": "{:>1000000000}",
    "percent": "%1000000000s",
}


@pytest.mark.parametrize("source", HUGE_AT_RENDER)
def test_huge_results_from_context_values_are_refused_at_render(app_ctx, source):
    template = text_template(source)
    assert template.validate_templates() == []
    for render in (template.render_content_text, template.render_content_html):
        with pytest.raises(SecurityError, match="resource limits"):
            render(CONTEXT)


def test_the_sandbox_refuses_a_huge_format_field_validation_did_not_see(app_ctx):
    # Validation refuses computed format strings; the sandbox refuses huge widths anyway.
    template = text_environment().from_string("{{ pattern.format(1) }}")
    with pytest.raises(SecurityError, match="resource limits"):
        template.render(CONTEXT)


def test_range_is_not_available_so_loops_cannot_be_made_huge(app_ctx):
    template = text_template("{% for i in range(10**9) %}{% endfor %}")
    with pytest.raises(Exception, match="range"):
        template.render_content_text({})


def test_ordinary_arithmetic_and_padding_still_work(app_ctx):
    template = text_template(
        "{{ 2**10 }} {{ 'ab'*3 }} {{ 3*4 }} {{ 'x'|center(5) }}|{{ '%3s'|format(1) }}"
        "|{{ '{:>3}'.format(1) }}|{{ 'a b'|wordwrap(10) }}|{{ 'a'|indent(2) }}"
        "|{{ 'abcdef'|truncate(5, leeway=0) }}|{{ 'aa'|replace('a', 'b') }}"
    )
    assert template.validate_templates() == []
    assert template.render_content_text({}) == (
        "1024 ababab 12   x  |  1|  1|a b|a|ab...|bb"
    )


def test_a_capped_template_is_a_failed_log_row_not_a_hang(smtp_server, session):
    EmailTemplateFactory(
        internal_name="greedy",
        subject="Hi",
        content_text="{{ 'x' * user.times }}",
        content_html=None,
    )

    [row] = EmailService(db.session).send(
        "greedy", "a@example.com", {"user": {"times": 10**9}}
    )
    db.session.commit()

    assert row.status is EmailStatus.FAILED
    assert "resource limits" in row.error
    assert row.body_text is None
    assert db.session.get(EmailLog, row.id).status is EmailStatus.FAILED
    assert smtp_server.messages == []
