"""No input answers 500: a property-based fuzz of every URL pattern and every form a person can post.

Seeded data (a running group with calls whose title holds a line break, a board with an open sign-up,
a pending swap, a homework post, a pending signup) is looked at as a leader, a member, an organizer and
a superuser (the admin's add and change forms), and anonymously:

- every URL pattern of the project (walked from ``get_resolver()``) is requested, GET and POST, with
  hypothesis-drawn path values (the seeded ids, slugs, tokens and uids, huge numbers, odd text) and a
  drawn query string;
- every form found on the pages the personas open (parsed from the HTML, hidden fields and prefixes
  included; empty required inputs filled with a valid value) is posted to its action, first with each
  field in turn, and each name its view reads by hand (found in its module's source), swapped for the
  worst values of its kind ("²", a 5,000-digit number, years 9999 and 1, a NUL byte, a line break),
  then with drawn values of every kind (unicode digits, numbers past any integer column, far dates,
  control characters, 10,000-character strings, empty).

An accepted POST is followed by the page it redirects to and the home page, as the sender and
anonymously: a cohort in year 9999 was accepted, and then those pages broke.

Every request runs in a savepoint that is rolled back, so each example starts from the seeded data.
The runs are derandomized (the same examples in CI every time), unshrunk, and bounded by example
counts, never by the clock. Every 5xx is collected with its request; the test fails listing them all.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import hotseat
from hotseat.homework.models import Homework
from hotseat.meetings.actions.feeds import personal_feed_of
from hotseat.meetings.models import TurnSwap
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, MastermindFactory, QuestionFactory, SignupFactory, UserFactory
from tests.groups import running_group

# Drawn examples per URL pattern (the admin's: one) and per form, after the form's sweep of worst values:
# the sweep finds the known kinds of bug, the draws look around them; the module runs in about a minute.
URL_EXAMPLES = 2
FORM_EXAMPLES = 3


def _fuzz_settings(examples: int) -> Any:
    return hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a bounded run, and the request says enough
        suppress_health_check=list(HealthCheck),
    )


# --- the values a person (or a forged request) can send --------------------------------------------

# Each kind of value a field can hold, and what breaks it. A drawn example swaps one field for a value
# of the field's own kind (a date field gets far dates), now and then of any kind.
NUMBERS = ["²", "١٢", "9" * 5000, str(2**63), str(2**31), "-1", ""]  # "²".isdigit() is True, int("²") raises
DATES = ["9999-12-31", "0001-01-01", "2027-02-30", "1-1-1"]
DATETIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "9999-12-31 23:59", "0001-01-01 00:00", "2027-13-01T25:61"]
TEXTS = ["a\x00b", "\x00", "line\nbreak", "carriage\rreturn", "tab\tand\x0bvertical", "x" * 10000, "", " "]

numbers = st.one_of(st.sampled_from(NUMBERS), st.integers(min_value=-(2**70), max_value=2**70).map(str))
dates = st.one_of(st.sampled_from(DATES), st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"))
datetimes = st.one_of(
    st.sampled_from(DATETIMES),
    st.datetimes().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}"),
)
texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=40))
nasty_text = st.one_of(numbers, dates, datetimes, texts)
WORST = {numbers: ["²", "9" * 5000], dates: ["9999-12-31", "0001-01-01"], datetimes: DATETIMES[:2], texts: TEXTS[:3:2]}


def _kind_of(name: str, value: str) -> st.SearchStrategy[str]:
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?", value) or name.endswith("_at"):
        return datetimes
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value) or name.endswith(("_on", "holiday", "_at_0", "date_joined_0")):
        return dates
    if value.isdigit() or name in READ_BY_HAND:
        return numbers
    return texts


# --- the seeded world --------------------------------------------------------------------------------


@dataclass
class World:
    people: dict[str, Any]
    path_values: dict[str, list[str]]


@pytest.fixture
def world(program, alice, bob, chloe, dev, organizer) -> World:
    """Alice leads a running group (Bob, Chloe); a board with an open sign-up; a swap, homework, a pending signup."""
    # A title with a line break and RFC 5545's special characters: rows written before titles were cleaned.
    group = running_group(program, alice, [bob, chloe], title="Growing a forum\r\nweek; one, two")
    board = CohortFactory(program=program, starts_on=timezone.localdate() + timedelta(days=20))
    for person in (alice, bob, chloe, dev):
        SignupFactory(cohort=board, user=person)
    forming = MastermindFactory(cohort=board, title="Forming group", leader=dev, capacity=4)
    pending = SignupFactory(cohort=board, user=UserFactory(), status=Signup.Status.PENDING)
    future = [m for m in group.meetings if m.starts_at > timezone.now()]
    TurnSwap.objects.create(
        from_meeting=future[0], to_meeting=future[1], requested_by=future[0].presenter, asked=future[1].presenter
    )
    question = QuestionFactory(meeting=group.week1)
    homework = Homework.objects.create(question=question, author=chloe, body="I tried it.", posted_at=timezone.now())
    feed = personal_feed_of(bob)
    schedule = group.mastermind.schedule
    admin = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    cohort_slugs = [board.slug, group.mastermind.cohort.slug]
    return World(
        people={"member": bob, "leader": alice, "organizer": organizer, "admin": admin},
        path_values={
            "mastermind_id": [str(group.mastermind.pk), str(forming.pk)],
            "number": ["1", "2", "3"],
            "swap_id": [str(pk) for pk in TurnSwap.objects.values_list("pk", flat=True)],
            "signup_id": [str(pending.pk), str(Signup.objects.get(cohort=board, user=bob).pk)],
            "homework_id": [str(homework.pk)],
            "program_slug": [program.slug],
            "cohort_slug": cohort_slugs,
            "token": [feed.token, schedule.feed_token],
            "uid": [str(group.week2.uid)],
            "object_id": [str(group.mastermind.pk), str(board.pk), str(bob.pk)],
        },
    )


# --- every URL pattern ---------------------------------------------------------------------------------

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


@dataclass(frozen=True)
class Endpoint:
    name: str
    parts: tuple[tuple[str, str, str], ...]  # (literal, converter, parameter) pieces; regexes as converter "re"

    def __str__(self) -> str:
        return self.name


def _pieces(pattern: Any) -> list[tuple[str, str, str]]:
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)  # Django keeps the route text only here
        found: list[tuple[str, str, str]] = []
        at = 0
        for match in _PARAMETER.finditer(route):
            found.append((route[at : match.start()], match["converter"] or "str", match["parameter"]))
            at = match.end()
        found.append((route[at:], "", ""))
        return found
    return [("", "re", pattern.regex.pattern)]


def _walk(patterns: list[Any], prefix: list[tuple[str, str, str]], namespace: str) -> Iterator[Endpoint]:
    for entry in patterns:
        pieces = [*prefix, *_pieces(entry.pattern)]
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, pieces, inner)
        elif isinstance(entry, URLPattern):
            yield Endpoint(f"{namespace}{entry.name or entry.pattern}", tuple(pieces))


ENDPOINTS = sorted(set(_walk(get_resolver().url_patterns, [], "")), key=str)


def _value(converter: str, parameter: str, world: World) -> st.SearchStrategy[str]:
    real = world.path_values.get(parameter, [])
    drawn: st.SearchStrategy[str]
    if converter == "re":
        return st.from_regex(
            re.sub(r"^\^|\$$|\\Z$", "", parameter) + r"\Z", fullmatch=True, alphabet=st.characters(codec="utf-8")
        )
    if converter == "int":
        drawn = st.one_of(
            st.integers(min_value=0, max_value=2**70).map(str),
            st.sampled_from(["9" * 5000, str(2**63), str(2**31), "0"]),
        )
    elif converter == "slug":
        drawn = st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True)
    elif converter == "uuid":
        drawn = st.uuids().map(str)
    else:
        drawn = nasty_text.filter(lambda text: text and "/" not in text)
    return st.one_of(st.sampled_from(real), drawn) if real else drawn


def _path(endpoint: Endpoint, world: World) -> st.SearchStrategy[str]:
    def join(values: list[str]) -> str:
        built = "/"
        for (literal, converter, _parameter), value in zip(endpoint.parts, values, strict=True):
            built += literal if converter != "re" else ""
            built += quote(value, safe="/") if converter else ""
        return built

    return st.tuples(*(_value(c, p, world) if c else st.just("") for _l, c, p in endpoint.parts)).map(
        lambda values: join(list(values))
    )


# --- every form a person can post, found on the pages they see --------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values sent by default (checkboxes: many)
    options: dict[str, list[str]] = field(default_factory=dict)  # name -> choices of a select or radios

    def __str__(self) -> str:
        return f"{self.method} {self.action} {sorted(self.fields)}"


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = Form(a.get("action") or a.get("hx-post") or self.page, (a.get("method") or "get").lower())
            if a.get("hx-post"):
                self.current.method = "post"
            self.forms.append(self.current)
            return
        form, name = self.current, a.get("name")
        if form is not None and tag == "option" and self.select:
            form.options.setdefault(self.select, []).append(a.get("value", ""))
            if "selected" in a or not (form.fields[self.select] or [""])[0]:
                form.fields[self.select] = [a.get("value", "")]
            return
        if form is None or not name:
            return
        if tag == "input" and a.get("type") != "file":
            kind = a.get("type", "text")
            form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields[name].append(a.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "image") or a.get("value"):
                form.fields[name].append(a.get("value") or (_filled(kind, a) if "required" in a else ""))
        elif tag == "textarea":
            form.fields.setdefault(name, ["Fuzz text" if "required" in a else ""])
            self.textarea = name
        elif tag == "select":
            form.fields.setdefault(name, [])
            self.select = name
        elif tag == "button" and a.get("value"):
            form.options.setdefault(name, []).append(a["value"])
            form.fields.setdefault(name, [a["value"]])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea and data.strip():
            self.current.fields[self.textarea] = [data]


def _filled(kind: str, attrs: dict[str, str]) -> str:
    """A valid value for an empty required input, so that swapping one field sends an otherwise valid form."""
    day = timezone.localdate() + timedelta(days=40)
    return {
        "date": day.isoformat(),
        "datetime-local": f"{day.isoformat()}T12:00",
        "time": "12:00",
        "number": attrs.get("min") or "1",
        "email": "fuzz@example.com",
        "url": "https://example.com/",
        "password": "fuzz-Password-1",
    }.get(kind, "fuzz-1")


def _real_path(endpoint: Endpoint, world: World, choice: int) -> str | None:
    built = "/"
    for literal, converter, parameter in endpoint.parts:
        if converter == "re":
            return None
        built += literal
        if converter:
            real = world.path_values.get(parameter)
            if not real:
                return None
            built += real[min(choice, len(real) - 1)]
    return built


def _forms_seen(client: Client, world: World, persona: str) -> list[Form]:
    found: dict[tuple[str, str, tuple[str, ...]], Form] = {}
    # The admin's pages are crawled as the superuser only, and only those with forms (add and change).
    if persona == "admin":
        endpoints = [e for e in ENDPOINTS if e.name.startswith("admin:") and e.name.endswith(("_add", "_change"))]
    else:
        endpoints = [e for e in ENDPOINTS if not e.name.startswith("admin:")]
    paths = {p for e in endpoints for choice in (0, 1) if (p := _real_path(e, world, choice))}
    for path in sorted(paths):
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms(path)
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urlsplit(form.action).path or path
            if action.startswith("/accounts/logout") or not form.fields:
                continue
            found.setdefault(
                (form.method, action, tuple(sorted(form.fields))), Form(action, form.method, form.fields, form.options)
            )
    return list(found.values())


# --- the requests ------------------------------------------------------------------------------------


@dataclass
class Persona:
    name: str
    session: str


def _client(persona: Persona) -> Client:
    client = Client(raise_request_exception=False)
    if persona.session:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = persona.session
    return client


def _send(persona: Persona, method: str, path: str, data: dict[str, list[str]], htmx: bool) -> int:
    """The status of one request, in a savepoint rolled back after it (each example sees the seeded data)."""
    cache.clear()
    headers = {"HX-Request": "true"} if htmx else {}
    with transaction.atomic():
        client = _client(persona)
        if method == "post":
            response = client.post(path, data, headers=headers)
        else:
            query = urlencode(data, doseq=True)
            response = client.get(f"{path}?{query}" if query else path, headers=headers)
        status = response.status_code
        if method == "post" and status < 400:
            # Accepted: the pages that show what changed must still open (a cohort in year 9999 is accepted,
            # then its board and the home page break), for the sender and for everyone else.
            cache.clear()
            seen = [response.get("Location") or "/", "/"]
            status = max([status, *(_client(persona).get(page).status_code for page in seen)])
            status = max(status, Client(raise_request_exception=False).get(seen[0]).status_code)
        transaction.set_rollback(True)
    return status


def _names_read_by_hand(source: str) -> list[str]:
    """The names code reads from request.POST or request.GET itself, rather than through a form."""
    found = set(re.findall(r"(?:POST|GET)\.(?:get|getlist)\(\s*[\"'](\w+)", source))
    found |= set(re.findall(r"_posted_id\(request, [\"'](\w+)", source))
    return sorted(found)


READ_BY_HAND = _names_read_by_hand("\n".join(path.read_text() for path in Path(hotseat.__file__).parent.rglob("*.py")))


def _form_data(form: Form) -> st.SearchStrategy[dict[str, list[str]]]:
    """The form as the page sends it, with one field (or a name its view reads by hand) swapped for a bad value."""
    base = {name: values for name, values in form.fields.items() if name != "csrfmiddlewaretoken"}
    names = sorted(set(base) | set(_read_by(form.action)))
    if not names:
        return st.just(base)

    def swap(name: str) -> st.SearchStrategy[dict[str, list[str]]]:
        value = (base.get(name) or [""])[0]
        bad = st.one_of(_kind_of(name, value), _kind_of(name, value), nasty_text)  # mostly its own kind
        return st.one_of(st.lists(bad, min_size=1, max_size=2), st.just([])).map(lambda v: base | {name: v})

    return st.sampled_from(names).flatmap(swap).map(lambda data: {k: v for k, v in data.items() if v})


def _worst_of_each(form: Form) -> list[dict[str, list[str]]]:
    """The form with each of its fields in turn swapped for the worst values of its kind: always sent first."""
    base = {name: values for name, values in form.fields.items() if name != "csrfmiddlewaretoken"}
    sent = []
    for name in sorted(set(base) | set(_read_by(form.action))):
        kind = _kind_of(name, (base.get(name) or [""])[0])
        if form.action.startswith("/admin/") and kind not in (dates, datetimes):
            continue  # the admin's model forms check their other fields themselves; its dates are ours to bound
        # A name read by hand may be an id or a text (the notes): it gets the worst of both.
        worst = WORST[numbers] + WORST[texts] if kind is numbers and name in READ_BY_HAND else WORST[kind]
        sent += [base | {name: [bad]} for bad in worst]
    return sent


def _read_by(action: str) -> list[str]:
    """The names the module of the view behind `action` reads from the request by hand."""
    try:
        module = sys.modules[resolve(action).func.__module__]
    except Resolver404:
        return []
    return _names_read_by_hand(Path(str(module.__file__)).read_text())


def _session(world: World, persona: str) -> Persona:
    client = Client()
    client.force_login(world.people[persona])
    return Persona(persona, client.cookies[django_settings.SESSION_COOKIE_NAME].value)


# --- the properties ----------------------------------------------------------------------------------

PERSONAS = ["member", "leader", "organizer", "admin"]


Drawn = tuple[Persona, str, str, dict[str, list[str]], bool]


def _failure(drawn: Drawn, context: str) -> str:
    """ "" when the request answers below 500, else what was sent and what came back."""
    persona, method, path, data, htmx = drawn
    status = _send(persona, method, path, data, htmx)
    if status < 500:
        return ""
    return f"{status} {method.upper()} {path[:200]!r} {_short(data)} htmx={htmx} as {persona.name} {context}"


def _fuzz(examples: int, requests: st.SearchStrategy[Drawn], context: str, explicit: Sequence[Drawn] = ()) -> list[str]:
    """Every 5xx of the `explicit` requests, then the first of `examples` drawn ones."""
    found = [failure for one in explicit if (failure := _failure(one, context))]

    @_fuzz_settings(examples)
    @given(requests)
    def sends(drawn: Drawn) -> None:
        failure = _failure(drawn, context)
        assert not failure, failure

    try:
        sends()
    except AssertionError as failed:
        found.append(str(failed).splitlines()[0])
    return found


QUERY = st.dictionaries(
    st.sampled_from(["duration", "move", "page", "weekends", "night", "next", "q", "o", "p", "id"]),
    st.lists(nasty_text, min_size=1, max_size=2),
    max_size=3,
)
PERSONAS = ["leader", "member", "organizer", "admin"]


def test_no_url_answers_5xx(world):
    """Every URL pattern, its path values drawn, with a drawn query string, as anyone (or no one)."""
    personas = st.sampled_from([*[_session(world, name) for name in PERSONAS], Persona("anonymous", "")])
    found = [
        _fuzz(
            1 if endpoint.name.startswith("admin:") else URL_EXAMPLES,
            st.tuples(personas, st.sampled_from(["get", "post"]), _path(endpoint, world), QUERY, st.booleans()),
            f"({endpoint})",
        )
        for endpoint in ENDPOINTS
    ]
    assert not any(found), "\n".join(f for failures in found for f in failures)


def test_no_form_answers_5xx(world):
    """Every form the personas see on their pages, posted with some values swapped for drawn ones.

    A form several of them see (the profile, say) is fuzzed as the first who sees it: the bounds are
    the same for everyone, and the run stays short.
    """
    forms: dict[tuple[str, str, tuple[str, ...]], tuple[Persona, Form]] = {}
    for name in PERSONAS:
        persona = _session(world, name)
        for form in _forms_seen(_client(persona), world, name):
            forms.setdefault((form.method, form.action, tuple(sorted(form.fields))), (persona, form))
    assert len(forms) > 20, f"the crawl found only {len(forms)} forms: the fuzz would miss most of them"
    found = [
        _fuzz(
            FORM_EXAMPLES,
            st.tuples(st.just(persona), st.just(form.method), st.just(form.action), _form_data(form), st.booleans()),
            f"as {persona.name}",
            [(persona, form.method, form.action, data, False) for data in _worst_of_each(form)],
        )
        for persona, form in forms.values()
    ]
    assert not any(found), "\n".join(f for failures in found for f in failures)


def _short(data: dict[str, list[str]]) -> str:
    return repr({k: [v if len(v) < 40 else f"{v[:20]}…({len(v)} chars)" for v in vs] for k, vs in data.items()})
