"""Demo code samples for ``flask seed``: the classic python.org home-page snippets."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pydotorg.core.models import slugify
from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.users.seed import demo_user

FIBONACCI = """\
# Python 3: Fibonacci series up to n
>>> def fib(n):
...     a, b = 0, 1
...     while a < n:
...         print(a, end=' ')
...         a, b = b, a+b
...     print()
...
>>> fib(1000)
0 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987"""

LIST_COMPREHENSION = """\
# Python 3: List comprehensions
>>> fruits = ['Banana', 'Apple', 'Lime']
>>> loud_fruits = [fruit.upper() for fruit in fruits]
>>> print(loud_fruits)
['BANANA', 'APPLE', 'LIME']

# List and the enumerate function
>>> list(enumerate(fruits))
[(0, 'Banana'), (1, 'Apple'), (2, 'Lime')]"""

ARITHMETIC = """\
# Python 3: Simple arithmetic
>>> 1 / 2
0.5
>>> 2 ** 3
8
>>> 17 / 3  # true division returns a float
5.666666666666667
>>> 17 // 3  # floor division
5"""

INPUT_OUTPUT = """\
# Python 3: Simple output (with Unicode)
>>> print("Hello, I'm Python!")
Hello, I'm Python!

# Input, assignment
>>> name = input('What is your name?\\n')
What is your name?
Python
>>> print(f'Hi, {name}.')
Hi, Python."""

FLOW_CONTROL = """\
# For loop on a list
>>> numbers = [2, 4, 6, 8]
>>> product = 1
>>> for number in numbers:
...     product = product * number
...
>>> print('The product is:', product)
The product is: 384"""

SAMPLES = (
    # title, code, description (HTML), published
    (
        "Functions Defined",
        FIBONACCI,
        "<p>Defining functions is at the heart of extensible programming. Python "
        "supports mandatory and optional arguments, keyword arguments and even "
        'arbitrary argument lists. <a href="https://docs.python.org/3/tutorial/'
        'controlflow.html#defining-functions">More about defining functions</a></p>',
        True,
    ),
    (
        "Compound Data Types",
        LIST_COMPREHENSION,
        "<p>Lists, called arrays in other languages, are one of Python's compound "
        "data types. They can be indexed, sliced and transformed with built-in "
        'functions. <a href="https://docs.python.org/3/tutorial/introduction.html'
        '#lists">More about lists</a></p>',
        True,
    ),
    (
        "Intuitive Interpretation",
        ARITHMETIC,
        "<p>Calculations are simple: the operators <code>+</code>, <code>-</code>, "
        "<code>*</code> and <code>/</code> work as you expect, and parentheses "
        'group. <a href="https://docs.python.org/3/tutorial/introduction.html'
        '#using-python-as-a-calculator">More about simple math</a></p>',
        True,
    ),
    (
        "Quick & Easy to Learn",
        INPUT_OUTPUT,
        "<p>Experienced programmers pick Python up quickly, and beginners find its "
        "clean syntax and indentation easy to read. "
        '<a href="/about/gettingstarted/">Whet your '
        "appetite</a> with our Python overview.</p>",
        True,
    ),
    (
        "All the Flow You'd Expect",
        FLOW_CONTROL,
        "<p>Python speaks the usual control flow statements of other languages, "
        "<code>if</code>, <code>for</code>, <code>while</code> and "
        "<code>range</code>, with some twists of its own.</p>",
        False,
    ),
)


def seed(session: Session) -> None:
    creator = demo_user(session)
    for title, code, description, published in SAMPLES:
        slug = slugify(title)
        if CodeSample.by_slug(session, slug) is None:
            session.add(
                CodeSample(
                    title=title,
                    slug=slug,
                    code=code,
                    description=description,
                    is_published=published,
                    creator=creator,
                )
            )
