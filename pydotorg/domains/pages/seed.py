"""Demo pages for ``flask seed``: one per markup type, PSF pages and a staff draft.

Every path the site itself links to (the header and footer, the seeded Donate
banner, the membership form's Code of Conduct) has a page, so a fresh demo has no
dead links.

The About page's text ships with the package, so every checkout seeds the same
site. Pages are upserted by path: running twice changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.markup import ContentType
from pydotorg.domains.pages.models import Page, Redirect

ABOUT = """\
<p>Python is powerful... and fast; plays well with others; runs everywhere; is
friendly &amp; easy to learn; is Open.</p>
<h2>Getting Started</h2>
<p>Python can be easy to pick up whether you're a first time programmer or you're
experienced with other languages. <a href="/about/gettingstarted/">Start here</a>,
then <a href="/downloads/">download Python</a> for your system.</p>
<h2>Applications</h2>
<p>Python runs web sites and services, data pipelines, scientific work, desktop
tools and teaching courses. Read how organisations use it in the
<a href="/success-stories/">success stories</a>.</p>
<h2>Open-source</h2>
<p>Python is developed under an OSI-approved open source license, making it freely
usable and distributable, even for commercial use. Python's license is administered
by the <a href="/psf/">Python Software Foundation</a>.</p>
<h2>Friendly &amp; Easy to Learn</h2>
<p>The <a href="/community/">community</a> hosts conferences and meetups,
collaborates on code, and much more: see the <a href="/events/">events</a>
coming up near you.</p>
"""

MISSION = """\
## Our mission

The mission of the Python Software Foundation is to **promote, protect, and advance**
the Python programming language, and to support and facilitate the growth of a
diverse and international community of Python programmers.

## What the PSF does

- Holds the intellectual property rights behind Python
- Runs [PyCon US](https://us.pycon.org/) and supports community events worldwide
- Funds grants for sprints, conferences, meetups and user groups

| Area        | How we help                     |
|-------------|---------------------------------|
| Community   | Grants, fiscal sponsorship      |
| Development | Developers-in-residence, infra  |

Read more [about the PSF](/psf/) or [become a member](/users/membership/).
"""

GETTING_STARTED = """\
Welcome! Are you completely new to programming? If not then we presume you will
be looking for information about why and how to get started with Python.

Installing
----------

Installing Python is generally easy, and nowadays many Linux and UNIX
distributions include a recent Python. See the `downloads </downloads/>`_ page.

Learning
--------

* Read the official `tutorial <https://docs.python.org/3/tutorial/>`_.
* Try the interactive interpreter:

.. code:: python

   >>> print("Hello, World!")
   Hello, World!

=========  ==================================
Resource   Where
=========  ==================================
Docs       https://docs.python.org/
Packages   https://pypi.org/
=========  ==================================
"""

DRAFT = """\
This page is still being written and is visible to staff only.

* Collect feedback from the community
* Publish the plan
"""

PSF = """\
The Python Software Foundation (PSF) is the non-profit behind the Python
programming language. It holds Python's intellectual property, runs PyCon US and
funds the community through grants.

- [Our mission](/psf/mission/)
- [Become a member](/users/membership/)
- [Support the PSF](/psf/donations/)
- [Board meeting minutes](/psf/records/board/minutes/)
- [Work groups](/psf/workgroups/)
- [Sponsors](/sponsors/) and [elections](/nominations/)
"""

DONATIONS = """\
Python is free to use thanks to the people and companies who support the Python
Software Foundation. Donations fund grants, PyPI's infrastructure and PyCon US
financial aid.

The PSF is a 501(c)(3) non-profit: donations are tax-deductible in the United
States. Companies can also [become sponsors](/sponsors/).
"""

CONDUCT = """\
The Python community is made up of members from around the globe with a diverse
set of skills, personalities, and experiences. Members of the community are:

- **Open**: we are open to collaboration and to constructive criticism;
- **Considerate**: we are considerate of our peers;
- **Respectful**: we are respectful of others, their positions, skills,
  commitments and efforts.

Harassment and exclusionary behaviour are not accepted in any PSF space. Report
incidents to the Code of Conduct Work Group (see [work groups](/psf/workgroups/)).
"""

DOCUMENTATION = """\
Python's documentation lives at `docs.python.org <https://docs.python.org/3/>`_.

* `Tutorial <https://docs.python.org/3/tutorial/>`_: start here
* `Library reference <https://docs.python.org/3/library/>`_: keep this under your pillow
* `Language reference <https://docs.python.org/3/reference/>`_: syntax and core semantics
* `Python HOWTOs <https://docs.python.org/3/howto/>`_: in-depth guides on specific topics

New to Python? Read `Python For Beginners </about/gettingstarted/>`_.
"""

# path, title, markup, content, published, template, keywords, description
PAGES = (
    (
        "about",
        "About Python™",
        ContentType.HTML,
        ABOUT,
        True,
        "pages/full-width.html",
        "Python, about, programming language",
        "The official home of the Python Programming Language",
    ),
    (
        "psf/mission",
        "PSF Mission",
        ContentType.MARKDOWN,
        MISSION,
        True,
        "pages/psf.html",
        "PSF, mission, Python Software Foundation",
        "The mission of the Python Software Foundation",
    ),
    (
        "about/gettingstarted",
        "Python For Beginners",
        ContentType.RESTRUCTUREDTEXT,
        GETTING_STARTED,
        True,
        "",
        "beginners, getting started, tutorial",
        "How to get started with Python",
    ),
    (
        "psf",
        "Python Software Foundation",
        ContentType.MARKDOWN,
        PSF,
        True,
        "pages/psf.html",
        "PSF, Python Software Foundation",
        "The Python Software Foundation",
    ),
    (
        "psf/donations",
        "Support the PSF",
        ContentType.MARKDOWN,
        DONATIONS,
        True,
        "pages/psf.html",
        "PSF, donate, donations",
        "Donate to the Python Software Foundation",
    ),
    (
        "psf/conduct",
        "Python Software Foundation Code of Conduct",
        ContentType.MARKDOWN,
        CONDUCT,
        True,
        "pages/psf.html",
        "PSF, code of conduct",
        "The PSF Code of Conduct",
    ),
    (
        "doc",
        "Our Documentation",
        ContentType.RESTRUCTUREDTEXT,
        DOCUMENTATION,
        True,
        "",
        "documentation, docs, tutorial",
        "Where to find Python's documentation",
    ),
    (
        "about/roadmap",
        "Roadmap",
        ContentType.RESTRUCTUREDTEXT,
        DRAFT,
        False,
        "",
        "",
        "A draft only staff can see",
    ),
)

REDIRECTS = (("about/beginners", "/about/gettingstarted/"),)


def seed(session: Session) -> None:
    for path, title, markup, content, published, template, keywords, about in PAGES:
        if session.scalar(sa.select(Page.id).where(Page.path == path)) is not None:
            continue
        session.add(
            Page(
                path=path,
                title=title,
                content_type=markup,
                content=content,
                is_published=published,
                template_name=template,
                keywords=keywords,
                description=about,
            )
        )
    for old_path, new_path in REDIRECTS:
        if session.scalar(sa.select(Redirect.id).where(Redirect.old_path == old_path)):
            continue
        session.add(Redirect(old_path=old_path, new_path=new_path))
    session.flush()
