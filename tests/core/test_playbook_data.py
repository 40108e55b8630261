"""Playbook facts live in the playbook files and one label table, not in code keyed by stage letters."""

from __future__ import annotations

import ast
import tokenize
from pathlib import Path

import deskcomms
from deskcomms.core.engine import RULES, load_playbook
from deskcomms.core.events import KINDS, event_label
from deskcomms.core.playbook import available_playbooks

PACKAGE = Path(deskcomms.__file__).parent


def test_no_stage_letter_in_the_code():
    letters = set(load_playbook("css").stages)
    found = []
    for path in PACKAGE.rglob("*.py"):
        with path.open(encoding="utf-8") as source:
            for token in tokenize.generate_tokens(source.readline):
                if token.type == tokenize.STRING and not token.string.lower().startswith(("f", "rf")):
                    value = ast.literal_eval(token.string)
                    if isinstance(value, str) and value in letters:
                        found.append(f"{path.relative_to(PACKAGE)}:{token.start[0]} {token.string}")
    assert found == []


def test_every_shipped_stage_names_a_registered_rule_and_every_action_it_can_offer_first_is_data():
    for name in available_playbooks():
        pb = load_playbook(name)
        for stage in pb.stages.values():
            spec = RULES[stage.rule]
            assert all(p in pb.parameters for p in spec.parameters), (name, stage.id)
        for action, kinds in pb.actions_done_by.items():
            assert kinds and all(k in KINDS for k in kinds), (name, action)
    css = load_playbook("css")
    assert css.done_by("set_next_step") == (
        "pending_research",
        "pending_customer",
        "resolution_provided",
        "meeting_scheduled",
    )
    assert css.stage("G").call_gather and css.stage("H").next_steps and css.stage("K").voicemail_reason
    assert (css.stage("G").name, css.stage("G").title) == ("Pending customer", "Pending customer information")
    # the re-engagement steps say in the file what completes them
    assert load_playbook("reengagement").done_by("dnc_check") == ("dnc_checked",)


def test_one_label_table_for_every_event_kind():
    assert all(spec.label for spec in KINDS.values())
    assert event_label("email_sent") == "Email sent"
    assert event_label("strike_sent", {"n": 2}) == "Strike 2"
    assert KINDS["closed"].button_text == "Close case" and KINDS["call_no_answer"].button_text == "No answer"
