"""The matching core's errors in the reader's language (their template and params), its scheduling ones kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hotseat.core_messages import in_language
from hotseat.matching import MatchingError, Rules
from hotseat.matching.problem import prepare
from hotseat.scheduling import SchedulingError
from tests.matching.strategies import START
from tests.matching.test_problem import CROWD

NBSP = "\u00a0"


def in_french(error: Exception) -> str:
    with translation.override("fr"):
        return in_language(error)


def test_group_sizes_out_of_range_in_french():
    with pytest.raises(MatchingError) as raised:
        Rules(target=4, min_size=1, max_size=6)

    assert str(raised.value) == "A mastermind has at least 2 people (a leader and a member), not 1."
    assert in_french(raised.value) == (
        "Un mastermind compte au moins 2 personnes (un ou une leader et un ou une membre), pas 1."
    )


def test_a_target_outside_the_sizes_in_french():
    with pytest.raises(MatchingError) as raised:
        Rules(target=9, min_size=3, max_size=6)

    assert (
        in_french(raised.value) == "La taille visée, 9, doit se situer entre la plus petite (3) et la plus grande (6)."
    )


def test_a_scheduling_error_keeps_its_words_through_the_matching_core():
    with pytest.raises(MatchingError) as raised:
        prepare([], dt.date(2026, 1, 5), 0, Rules())

    assert isinstance(raised.value.__cause__, SchedulingError)
    assert str(raised.value) == str(raised.value.__cause__)
    assert raised.value.template == raised.value.__cause__.template
    assert in_french(raised.value) == "Une cohorte dure de 1 à 104 semaines, pas 0."


def test_a_pair_that_names_the_same_person_twice_says_which_kind_of_pair():
    with pytest.raises(MatchingError) as raised:
        prepare(CROWD, START, 4, Rules(), keep_apart=[("bob", "bob")])

    assert str(raised.value) == "The keep-apart pair ('bob', 'bob') names the same person twice."
    assert in_french(raised.value) == "La paire à séparer ('bob', 'bob') nomme deux fois la même personne."
