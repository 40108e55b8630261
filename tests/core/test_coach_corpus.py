"""The draft coach against its corpus: at least 90% of planted problems found with the right rule, at most
one false finding in ten good drafts (figures in the README); every rule planted at least twice."""

from __future__ import annotations

from collections import Counter

import pytest

from deskcomms.core.coach import RULE_IDS, CoachContext, check_text
from tests.core.coach_corpus import BAD, GOOD, Sample


def judge(sample: Sample):
    ctx = CoachContext(
        template=sample.template,
        has_case=sample.has_case,
        customer_name=sample.customer,
        ball=sample.ball if sample.has_case else None,
        earlier_emails=sample.earlier,
        customer_email=sample.customer_email,
        known=sample.known,
    )
    return check_text(sample.body, ctx)


def test_the_corpus_is_big_enough_and_plants_every_rule_twice():
    assert len(BAD) >= 40 and len(GOOD) >= 30
    planted = Counter(s.planted for s in BAD)
    assert all(planted[rule] >= 2 for rule in RULE_IDS), planted


def test_at_least_90_percent_of_planted_problems_are_found_with_the_right_rule():
    missed = [s.name for s in BAD if s.planted not in {f.rule for f in judge(s)}]
    found = len(BAD) - len(missed)
    assert found / len(BAD) >= 0.9, missed


def test_at_most_one_false_finding_in_ten_good_drafts():
    false = [(s.name, f.line()) for s in GOOD for f in judge(s)]
    assert len(false) <= len(GOOD) / 10, false


@pytest.mark.parametrize("sample", BAD, ids=lambda s: s.name)
def test_each_planted_problem(sample):
    rules = {f.rule for f in judge(sample)}
    assert sample.planted in rules


@pytest.mark.parametrize("sample", GOOD, ids=lambda s: s.name)
def test_each_good_draft(sample):
    assert [f.line() for f in judge(sample)] == []


def test_a_secret_is_never_quoted_whole():
    secrets = [s for s in BAD if s.planted == "personal_data"]
    for sample in secrets:
        for finding in judge(sample):
            if finding.rule == "personal_data":
                raw = sample.body[finding.start : finding.end]
                assert raw not in finding.quote and "•" in finding.quote
