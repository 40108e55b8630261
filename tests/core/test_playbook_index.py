"""The playbook's index of transitions by event kind (what replay asks for every event) lists, for every
stage and every kind, exactly the transitions and moves that a scan of the stage's own would try, in the
playbook's order (the first that fits wins)."""

from __future__ import annotations

import pytest

from deskcomms.core.engine import load_playbook
from deskcomms.core.playbook import available_playbooks


@pytest.mark.parametrize("name", available_playbooks())
def test_index_by_kind_is_the_scan(name):
    pb = load_playbook(name)
    kinds = {k for t in (*pb.transitions, *pb.moves) for k in t.on} | {"note", "never_heard_of"}
    assert len(kinds) > 5
    for stage in pb.stages:
        for kind in kinds:
            assert pb.leaving_on(stage, kind) == tuple(t for t in pb.leaving(stage) if kind in t.on)
            assert pb.moves_on(stage, kind) == tuple(t for t in pb.moves_from(stage) if kind in t.on)
