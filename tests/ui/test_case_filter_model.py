"""Filter-as-you-type over the case list model: whatever happens between keystrokes (rows replaced in
place, a case added, a refresh that keeps rows where they are, a reminder's cases), each keystroke shows
exactly the rows whose text holds every typed word; in between, a row shown stays shown (the next click
must not hit another case) and a row that appears matches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deskcomms.core.playbook import Ball
from deskcomms.core.summary import CaseRow
from deskcomms.ui.case_list.case_model import CaseTableModel

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
WORDS = ["alex", "priya", "vogel", "timeout", "copy", "sql", "17", "2"]


def row(n: int, words: tuple[str, ...]) -> CaseRow:
    text = " ".join(words)
    return CaseRow(
        f"{n:04d}",
        text,
        f"Customer {n}",
        "Data Factory",
        "G",
        "Pending",
        "follow_up",
        "Follow up",
        NOW + timedelta(minutes=n),
        False,
        "",
        Ball.THEIRS,
        "",
        (),
        False,
        f"{n:04d} customer {n} {text}",
    )


rows_strategy = st.lists(st.tuples(st.integers(0, 12), st.lists(st.sampled_from(WORDS), max_size=3)), max_size=25)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.text(alphabet="apriyxl17 2", max_size=8)),
        st.tuples(st.just("replace"), st.integers(0, 12), st.lists(st.sampled_from(WORDS), max_size=3)),
        st.tuples(st.just("refresh"), st.lists(st.sampled_from(WORDS), max_size=2)),
        st.tuples(st.just("only"), st.frozensets(st.integers(0, 12).map(lambda n: f"{n:04d}"), max_size=5)),
        st.tuples(
            st.just("all"),
        ),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initial=rows_strategy, actions=steps)
# A row shown, its words changed in place, then more letters typed: its new words decide.
@example(initial=[(0, ["alex"]), (1, ["alex"])], actions=[("type", "a"), ("replace", 0, ["sql"]), ("type", "al")])
# A word erased after a row changed: the rows typed earlier are not reused blindly.
@example(
    initial=[(0, ["alex"]), (1, ["priya"])],
    actions=[("type", "a"), ("type", "al"), ("replace", 1, ["alex"]), ("type", "alx"), ("type", "al")],
)
# A row not shown changes in place and now matches: more letters typed must find it.
@example(
    initial=[(0, ["alex"]), (1, ["sql"])],
    actions=[("type", "x"), ("replace", 1, ["alex"]), ("type", "x a")],
)
# A case added while words are typed shows only if they match.
@example(initial=[(0, ["alex"])], actions=[("type", "alex"), ("replace", 5, ["sql"])])
def test_the_rows_shown_are_always_the_rows_that_match(qapp, initial, actions):
    rows = {n: row(n, tuple(words)) for n, words in initial}
    model = CaseTableModel(lambda: NOW)
    model.set_rows(list(rows.values()), NOW)
    typed = ""
    only = None
    shown = {model.row_at(i).number for i in range(model.rowCount())}
    for action in actions:
        same_words = False
        if action[0] == "type":
            same_words = " ".join(action[1].lower().split()) == " ".join(typed.lower().split())
            if not same_words:
                only = None  # new words replace a reminder's selection; the same words change nothing
            typed = action[1]
            model.set_filter_text(typed)
        elif action[0] == "replace":
            rows[action[1]] = row(action[1], tuple(action[2]))
            model.update_row(rows[action[1]], in_place=True)
        elif action[0] == "refresh":  # every row's words change; the ones shown stay where they are
            rows = {n: row(n, tuple(action[1]) + tuple(r.title.split()[:1])) for n, r in rows.items()}
            model.set_rows_in_place(list(rows.values()), NOW)
        elif action[0] == "only":
            only = action[1]
            model.set_only(only)
        else:
            only = None
            model.set_only(None)
        before, shown = shown, {model.row_at(i).number for i in range(model.rowCount())}
        words = " ".join(typed.lower().split()).split()
        wanted = {
            r.number
            for r in rows.values()
            if all(w in r.search_key for w in words) and (only is None or r.number in only)
        }
        if same_words:
            assert shown == before
        elif action[0] in ("replace", "refresh"):  # kept in place: what was shown stays, what appears matches
            assert before & set(rows) <= shown and shown - before <= wanted, (action, typed)
        else:
            assert shown == wanted, (action, typed)
        assert len(shown) == model.rowCount()  # no row twice
