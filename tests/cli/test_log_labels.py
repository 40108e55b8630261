"""``deskcomms log`` speaks in the event labels of the one table, and says when a forced event does not
fit the stage and so moves nothing."""

from __future__ import annotations

CASE = "2411220010001234"
AT = ["--at", "2026-11-24T10:00:00-05:00"]


def test_log_names_the_event_by_its_label(cli, example_file):
    cli("import", str(example_file))
    done = cli("log", CASE, "eta_set", "eta=2026-11-25T12:00:00-05:00", *AT)
    assert done.code == 0 and done.out.startswith(f"recorded ETA set (eta_set) on case {CASE}")


def test_a_forced_event_that_fits_no_single_route_stays_in_the_stage_and_says_so(cli, example_file):
    cli("import", str(example_file))
    forced = cli("log", CASE, "tam_contacted", "--force", *AT)
    assert forced.code == 0 and "override recorded" in forced.out
    assert (
        "note: tam_contacted on Tue 24 Nov 10:00 does not fit the stage Pending research: the case stayed there"
        in forced.out
    )
    row = cli("due", "--at", "2026-11-24T11:00:00-05:00", "--json").json()[0]
    assert (row["stage"], row["action"]) == ("H", "research_update")
    assert "not_fitting" in row["flags"]
