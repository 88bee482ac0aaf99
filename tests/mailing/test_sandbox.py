"""Templates render in a sandbox: escapes neither execute nor leak, and are reported."""

import pytest
from jinja2.exceptions import SecurityError

from pydotorg.domains.mailing.models import EmailTemplate
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.users import UserFactory

ESCAPES = {
    "{{ ''.__class__.__mro__ }}": "unsafe attribute '__class__'",
    "{{ cycler.__init__.__globals__ }}": "'cycler' is not available",
    "{{ config }}": "'config' is not available",
    "{{ request.environ }}": "'request' is not available",
    "{{ lipsum.__globals__ }}": "'lipsum' is not available",
    "{{ url_for('x') }}": "'url_for' is not available",
    "{{ namespace() }}": "'namespace' is not available",
    "{{ self }}": "'self' is not available",
    "{{ user['__class__'] }}": "unsafe attribute '__class__'",
    "{{ user._sa_instance_state }}": "unsafe attribute '_sa_instance_state'",
}


def text_template(source):
    return EmailTemplate(subject="s", content_text=source, content_html=source)


@pytest.mark.parametrize("source", sorted(ESCAPES))
def test_escapes_are_refused_before_anything_executes(app_ctx, app, source):
    calls = []

    class Spy:
        username = "ada"

        def __getattr__(self, name):
            calls.append(name)
            raise AttributeError(name)

    template = text_template(source)
    for render in (template.render_content_text, template.render_content_html):
        with pytest.raises(SecurityError) as refused:
            render({"user": Spy()})
        assert app.config["SECRET_KEY"] not in str(refused.value)
    assert calls == []  # refused at validation: not even an attribute was looked up


def test_the_sandbox_itself_blocks_what_validation_would_miss(app_ctx):
    # A key from the context slips past the static checks; the sandbox still refuses.
    template = text_template("{{ user[key] }}")
    assert template.validate_templates() == []
    with pytest.raises(SecurityError):
        template.render_content_text({"user": "ada", "key": "__class__"})


# Escapes that name the attribute in a filter argument or a format string.
INDIRECT_ESCAPES = {
    "{{ ''|attr('__class__') }}": "unsafe attribute '__class__'",
    "{{ ''|attr('__cla' ~ 'ss__') }}": "unsafe attribute '__class__'",
    "{% set a = '__cla' ~ 'ss__' %}{{ ''|attr(a) }}": "'attr' needs an attribute name",
    "{{ ''['__cla' ~ 'ss__'] }}": "unsafe attribute '__class__'",
    "{{ users|map(attribute='__class__')|list }}": "unsafe attribute '__class__'",
    "{{ users|map('attr', '__dict__')|list }}": "unsafe attribute '__dict__'",
    "{{ users|selectattr('__class__')|list }}": "unsafe attribute '__class__'",
    "{{ users|sort(attribute='user.__class__') }}": "unsafe attribute '__class__'",
    "{{ users|groupby('__class__') }}": "unsafe attribute '__class__'",
    "{{ users|sum(attribute='__dict__') }}": "unsafe attribute '__dict__'",
    "{{ users|max(attribute='query') }}": "attribute 'query' is not available",
    "{{ '{0.__class__.__mro__}'.format(user) }}": "'__class__' in a format string",
    "{{ '{u.__init__.__globals__}'.format_map({'u': user}) }}": "'__init__' in a format",
    "{{ '{0:{1.__class__}}'.format(1, user) }}": "'__class__' in a format string",
    "{{ '{0[_secret]}'.format(user) }}": "'_secret' in a format string",
    "{% set f = '{0.__class__}' %}{{ f.format(user) }}": "needs a format string",
}


@pytest.mark.parametrize(("source", "problem"), sorted(INDIRECT_ESCAPES.items()))
def test_attribute_names_in_filters_and_format_strings_are_reported(source, problem):
    errors = text_template(source).validate_templates()
    assert any(problem in error for error in errors), errors
    assert any(e.startswith("Text content: line 1:") for e in errors)
    assert any(e.startswith("HTML content: line 1:") for e in errors)


@pytest.mark.parametrize("source", sorted(INDIRECT_ESCAPES))
def test_indirect_escapes_are_refused_before_anything_executes(app_ctx, source):
    calls = []

    class Spy:
        username = "ada"

        def __getattr__(self, name):
            calls.append(name)
            raise AttributeError(name)

    template = text_template(source)
    for render in (template.render_content_text, template.render_content_html):
        with pytest.raises(SecurityError):
            render({"user": Spy(), "users": [Spy()]})
    assert calls == []


def test_ordinary_filter_and_format_use_is_not_reported():
    template = text_template(
        "{{ users|map(attribute='username')|join(', ') }} "
        "{{ users|sort(attribute='profile.name')|first }} {{ users|groupby(0) }} "
        "{{ user|attr('username') }} {{ '{0} of {1.name:>10}'.format(1, user) }} "
        "{{ '%s and %s'|format(a, b) }}"
    )
    assert template.validate_templates() == []


@pytest.mark.parametrize(("source", "problem"), sorted(ESCAPES.items()))
def test_validate_templates_reports_each_escape(source, problem):
    errors = text_template(source).validate_templates()
    assert any(problem in error for error in errors), errors
    # Reported for both the text and the HTML template.
    assert any(e.startswith("Text content: line 1:") for e in errors)
    assert any(e.startswith("HTML content: line 1:") for e in errors)


def test_syntax_errors_and_unknown_filters_carry_line_numbers():
    template = EmailTemplate(
        subject="Hi {{ name|shout }}",
        content_text="line one\nline two\n{% for x in %}\n",
        content_html="<p>\n{{ x is spooky }}</p>",
    )
    assert template.validate_templates() == [
        "Subject: line 1: unknown filter 'shout'",
        "Text content: line 3: syntax error: Expected an expression, got 'end of statement block'",
        "HTML content: line 2: unknown test 'spooky'",
    ]


def test_a_clean_template_has_no_errors():
    template = EmailTemplate(
        subject="Hi {{ user.username|title }}",
        content_text="{% for x in items %}{{ loop.index }} {{ x }}\n{% endfor %}",
        content_html="<p>{{ user.username|e }}</p>",
    )
    assert template.validate_templates() == []


def test_html_is_autoescaped_and_text_is_not():
    template = EmailTemplate(
        subject="{{ v }}\nInjected: header",
        content_text="{{ v }}",
        content_html="<p>{{ v }}</p>",
    )
    context = {"v": "<script>&"}
    assert template.render_subject(context) == "<script>& Injected: header"
    assert template.render_content_text(context) == "<script>&"
    assert template.render_content_html(context) == "<p>&lt;script&gt;&amp;</p>"


def test_methods_of_database_objects_cannot_be_called(session):
    user = UserFactory(username="victim")
    for source in (
        "{{ user.query.delete() }}",
        "{{ user.get_id() }}",
        "{{ user.metadata }}",
    ):
        with pytest.raises(SecurityError):
            text_template(source).render_content_text({"user": user})
    assert db.session.get(User, user.id) is not None
    # Plain attributes are what templates are for.
    rendered = text_template("{{ user.username }}").render_content_text({"user": user})
    assert rendered == "victim"


def test_context_collections_cannot_be_modified():
    items = [1, 2]
    with pytest.raises(SecurityError):
        text_template("{{ items.append(3) }}").render_content_text({"items": items})
    assert items == [1, 2]
