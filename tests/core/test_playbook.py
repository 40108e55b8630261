"""Playbooks as data: the css graph is the support organisation's lifecycle graph; files are validated
with file and key named."""

from __future__ import annotations

import json
import re

import pytest

from deskcomms.core.engine import load_playbook, parse_playbook
from deskcomms.core.errors import ValidationError
from deskcomms.core.playbook import available_playbooks, playbook_dir
from tests.conftest import SHARED


def seed_graph():
    seeds = sorted((SHARED / "seeds").glob("000_*.txt")) if SHARED.exists() else []
    if not seeds:
        pytest.skip("shared/seeds is not beside the repository")
    text = seeds[0].read_text(encoding="utf-8")
    block = text.split("::: mermaid", 1)[1].split(":::", 1)[0]
    nodes = dict(re.findall(r"^\s*([A-M])\((.+)\)\s*$", block, re.M))
    edges = set(re.findall(r"^\s*([A-M])\s*-->\s*(?:\|[^|]*\|\s*)?([A-M])\s*$", block, re.M))
    return nodes, edges


def test_css_has_every_stage_and_transition_of_the_seed_graph():
    nodes, edges = seed_graph()
    assert (len(nodes), len(edges)) == (13, 21)
    pb = load_playbook("css")
    assert set(pb.stages) == set(nodes)
    assert {(t.source, t.to) for t in pb.transitions} == edges


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("A", "First Quality Response"),
        ("B", "Email"),
        ("C", "Call"),
        ("D", "status and next steps"),
        ("E", "confirmation"),
        ("F", "Last Quality Response"),
        ("G", "customer information"),
        ("H", "research"),
        ("I", "screen-share"),
        ("J", "TAM"),
        ("K", "first strike"),
        ("L", "second strike"),
        ("M", "third strike"),
    ],
)
def test_css_stage_titles_are_recognisable(stage, words):
    assert words.lower() in load_playbook("css").stage(stage).title.lower()


def test_mermaid_draws_the_graph_again():
    text = load_playbook("css").to_mermaid()
    assert text.startswith("graph TD")
    assert len(re.findall(r"-->", text)) == 21
    assert 'A("FQR, First Quality Response")' in text


def test_both_playbooks_load():
    assert available_playbooks() == ["css", "reengagement"]
    reeng = load_playbook("reengagement")
    assert {
        "research",
        "dnc_check",
        "outreach",
        "phone",
        "account_team",
        "discovery",
        "scenarios",
        "delivery",
        "disengaged",
    } <= set(reeng.stages)


def raw(name="css"):
    return json.loads((playbook_dir() / f"{name}.json").read_text())


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["stages"][0].update(rule="teleport"), "css.json: stages[0].rule"),
        (lambda d: d["transitions"][3].update(to="Z"), "css.json: transitions[3].to"),
        (lambda d: d["transitions"][5].update(on="sent_pigeon"), "css.json: transitions[5].on"),
        (
            lambda d: d["parameters"].update(strike_every_days="three"),
            "css.json: parameters.strike_every_days",
        ),
        (lambda d: d["parameters"].pop("strike_every_days"), "css.json: parameters.strike_every_days"),
        (lambda d: d["stages"].append(dict(d["stages"][0])), "css.json: stages[13].id"),
    ],
)
def test_a_broken_playbook_names_file_and_key(mutate, where):
    data = raw()
    mutate(data)
    with pytest.raises(ValidationError) as err:
        parse_playbook(data, "css.json")
    assert err.value.where == where


def test_every_duration_is_a_parameter_not_code():
    pb = load_playbook("css")
    for name in (
        "fqr_hours",
        "pending_customer_every_days",
        "strike_every_days",
        "closure_min_silence_calendar_days",
        "post_solution_daily_count",
        "tam_wait_days",
    ):
        assert name in pb.parameters
