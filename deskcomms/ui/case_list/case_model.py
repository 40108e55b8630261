"""The case list: a table model over CaseRow summaries computed by core, with filtering and sorting.

Filtering is done here, over a precomputed lower-case key per row, instead of in a
QSortFilterProxyModel: a proxy calls a Python ``filterAcceptsRow``/``data`` once per row, which measured
56-218 ms per keystroke over 100,000 cases; a list comprehension over the keys plus a model reset
measured 9-12 ms (one frame is 16 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from itertools import compress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...core.timefmt import relative
from ..common import theme

if TYPE_CHECKING:
    from ...core.summary import CaseRow

# The columns that decide the day first (all of them fit a 1024-pixel window); the rest are optional, shown
# from the header's menu.
COLUMNS = ("Case", "Customer", "Next action", "Due", "SLA", "Stage", "Ball", "Title")
COL_CASE, COL_CUSTOMER, COL_ACTION, COL_DUE, COL_SLA, COL_STAGE, COL_BALL, COL_TITLE = range(len(COLUMNS))
OPTIONAL_COLUMNS = (COL_TITLE,)  # hidden until the person asks for them
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        SORT_ROLE,
        ROW_ROLE,
    }
)

BALL_TEXT = {"ours": "Ours", "theirs": "Theirs", "none": "—"}
# The SLA column is narrow (every deciding column fits 1024 px): a coloured sign, the words on hover.
SLA_SIGN = {"met": "✓", "pending": "◷", "breached": "✗"}
SLA_WORDS = {"met": "Met", "pending": "On track", "breached": "Breached"}

# Quick filters: name → test on a row (given now and the end of today's business day).
QUICK_FILTERS: dict[str, Callable[[CaseRow, datetime, datetime], bool]] = {
    "All open": lambda r, now, eod: not r.closed,
    "Due today": lambda r, now, eod: not r.closed and r.due is not None and r.due <= eod,
    # Due now, read at the moment asked (not when the row was computed): the tray's badge counts the same.
    "Overdue": lambda r, now, eod: not r.closed and r.due is not None and r.due <= now,
    "Waiting on customer": lambda r, now, eod: not r.closed and r.ball == "theirs",
    "Ball ours": lambda r, now, eod: not r.closed and r.ball == "ours",
    "Closed": lambda r, now, eod: r.closed,
}


TYPED_KEPT = 32  # texts whose rows are remembered until the rows change (a word typed and erased)


def due_text(delta: timedelta) -> str:
    """The Due column's words: core's one wording for a distance in time ("22 h overdue")."""
    return relative(delta)


def _sort_key(column: int) -> Callable[[CaseRow], Any]:
    if column == COL_DUE:
        return lambda r: (r.due is None, r.due.timestamp() if r.due else 0.0, r.number)
    attr = {
        COL_CASE: "number",
        COL_CUSTOMER: "customer",
        COL_TITLE: "title",
        COL_STAGE: "stage",
        COL_ACTION: "action_title",
        COL_BALL: "ball",
        COL_SLA: "sla",
    }[column]
    return lambda r: (getattr(r, attr).lower(), r.number)


def _short_stage(title: str) -> str:
    # Imported on first use: the timeline's layout module is not needed for the window's first paint.
    from ..case_view.timeline_layout import stage_short_name

    return stage_short_name(title)


class CaseTableModel(QAbstractTableModel):
    """All cases as rows; ``visible`` holds the filtered, sorted order the view shows."""

    def __init__(
        self, now: Callable[[], datetime], parent: Any = None, why_of: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        # Rows loaded in bulk leave out the due date's explanation (a long string per case); the tooltip
        # asks for it when a person hovers.
        self._why_of = why_of
        self._shown: dict[tuple[int, int], str] = {}  # (row position, column) → the text shown
        self._shown_minute = -1
        self._rows: list[CaseRow] = []
        self._keys: list[str] = []
        self._order: list[int] = []  # all rows in the current sort order
        self._base: list[int] = []  # the quick filter's rows, in sort order
        self._visible: list[int] = []
        # The search keys of _base and of _visible, in the same order (None: to be read again): a keystroke
        # scans keys lying one after another, not 100,000 look-ups scattered over memory (7x slower).
        self._base_keys: list[str] | None = None
        self._visible_keys: list[str] | None = None
        # What each text typed since the rows last changed showed: a backspace goes back to it at once.
        self._typed: dict[str, tuple[list[int], list[str]]] = {}
        self._hidden_changed = False  # a row not shown changed in place: it may match the text now
        self._text = ""
        self._quick = "All open"
        self._end_of_today = now()
        self.sort_column = COL_DUE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.unsorted = False  # rows were kept in place after changes: the order may be stale
        self.only: frozenset[str] | None = None  # just these cases (a reminder's), until another filter

    # ----- content ----------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[CaseRow], end_of_today: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._end_of_today = end_of_today
        self._rebuild()
        self.endResetModel()

    def set_rows_in_place(self, rows: Sequence[CaseRow], end_of_today: datetime) -> None:
        """New rows in the order the list already shows (new cases at the end): a refresh the person did
        not ask for must not move the row they are about to click. ``set_rows`` sorts again."""
        by_number = {r.number: r for r in rows}
        shown = [self._rows[i].number for i in self._visible]
        if any(n not in by_number for n in shown):
            self.set_rows(rows, end_of_today)  # a case went away: nothing to keep in place
            return
        self._end_of_today = end_of_today
        self.layoutAboutToBeChanged.emit()
        kept = [by_number[n] for n in shown]
        seen = set(shown)
        others = [r for r in rows if r.number not in seen]
        self._rows = kept + others
        self._keys = [r.search_key for r in self._rows]
        self._shown.clear()
        # The rows not shown are ordered and filtered as usual; the shown ones stay where they are.
        key = _sort_key(self.sort_column)
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        rest = sorted(range(len(kept), len(self._rows)), key=lambda i: key(self._rows[i]), reverse=descending)
        self._order = list(range(len(kept))) + rest
        test, now, eod = QUICK_FILTERS[self._quick], self._now(), self._end_of_today
        new_rows = [i for i in rest if test(self._rows[i], now, eod)]
        self._base = list(range(len(kept))) + new_rows
        self._visible = list(range(len(kept)))
        self._base_keys = self._visible_keys = None
        self._typed.clear()
        self.layoutChanged.emit()
        added = self._matching(new_rows)
        if added:
            self.beginInsertRows(QModelIndex(), len(kept), len(kept) + len(added) - 1)
            self._visible += added
            self._visible_keys = None
            self._typed.clear()
            self.endInsertRows()
        self.unsorted = True

    def update_row(self, row: CaseRow, *, in_place: bool = False) -> None:
        """Replace (or add) one case's row after an event was recorded. ``in_place`` keeps every row where
        it is shown (a new case goes last) until the list is sorted again."""
        for i, existing in enumerate(self._rows):
            if existing.number == row.number:
                self._rows[i] = row
                position = i
                break
        else:
            self._rows.append(row)
            position = len(self._rows) - 1
            if in_place:
                self._keys.append(row.search_key)
                self._order.append(position)
                if QUICK_FILTERS[self._quick](row, self._now(), self._end_of_today):
                    self._base.append(position)
                    self._base_keys = None
                    self._typed.clear()
                    if self._matching([position]):  # shown last, if the typed words and filters keep it
                        self.beginInsertRows(QModelIndex(), len(self._visible), len(self._visible))
                        self._visible.append(position)
                        self._visible_keys = None
                        self.endInsertRows()
        if in_place:
            self._keys[position] = row.search_key
            self._base_keys = self._visible_keys = None
            self._typed.clear()
            if position not in self._visible:
                self._hidden_changed = True
            self._shown = {k: v for k, v in self._shown.items() if k[0] != position}
            if position in self._visible:
                view_row = self._visible.index(position)
                self.dataChanged.emit(self.index(view_row, 0), self.index(view_row, len(COLUMNS) - 1))
            self.unsorted = True
            return
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def resort(self) -> None:
        """Sort and filter again (the person asked, or the window was idle)."""
        self.layoutAboutToBeChanged.emit()
        self._rebuild()
        self.layoutChanged.emit()

    def row_at(self, view_row: int) -> CaseRow:
        return self._rows[self._visible[view_row]]

    def view_row_of(self, number: str) -> int | None:
        for view_row, index in enumerate(self._visible):
            if self._rows[index].number == number:
                return view_row
        return None

    def all_rows(self) -> list[CaseRow]:
        return list(self._rows)

    # ----- filtering and sorting ----------------------------------------------------------------------
    # Per keystroke only a substring scan runs: the sort order and the quick filter's rows ("base") are
    # computed when they change, and each row's search key is kept in a plain list.

    def _rebuild(self) -> None:
        self.unsorted = False
        self._shown.clear()
        key = _sort_key(self.sort_column)
        rows = self._rows
        self._keys = [r.search_key for r in rows]
        self._order = sorted(
            range(len(rows)), key=lambda i: key(rows[i]), reverse=self.sort_order == Qt.SortOrder.DescendingOrder
        )
        self._rebase()

    def _rebase(self) -> None:
        test, now, eod, rows = QUICK_FILTERS[self._quick], self._now(), self._end_of_today, self._rows
        self._base = [i for i in self._order if test(rows[i], now, eod)]
        self._base_keys = None
        self._typed.clear()
        self._hidden_changed = False
        self._visible, self._visible_keys = self._filtered(self._base, self._keys_of_base())

    def _keys_of_base(self) -> list[str]:
        if self._base_keys is None:
            self._base_keys = [self._keys[i] for i in self._base]
        return self._base_keys

    def _keys_of_visible(self) -> list[str]:
        if self._visible_keys is None:
            self._visible_keys = [self._keys[i] for i in self._visible]
        return self._visible_keys

    def _matching(self, candidates: list[int]) -> list[int]:
        return self._filtered(candidates, [self._keys[i] for i in candidates])[0]

    def _filtered(self, candidates: list[int], keys: list[str]) -> tuple[list[int], list[str]]:
        """The candidates (and their keys, in the same order) that the reminder's cases and every word
        of the filter text keep."""
        result, result_keys = candidates, keys
        if self.only is not None:  # the cases a reminder named
            kept = [self._rows[i].number in self.only for i in result]
            result, result_keys = list(compress(result, kept)), list(compress(result_keys, kept))
        # One pass per word, longest (most selective) first: each pass scans fewer rows.
        for word in sorted(set(self._text.split()), key=len, reverse=True):
            kept = [word in key for key in result_keys]
            result, result_keys = list(compress(result, kept)), list(compress(result_keys, kept))
        if result is candidates:  # nothing filtered: the visible rows are a list of their own
            return list(result), list(result_keys)
        return result, result_keys

    def set_filter_text(self, text: str) -> None:
        text = " ".join(text.lower().split())
        if text == self._text:
            return
        # Typing more letters only narrows, while every matching row is shown (a row changed in place
        # may match now without being shown: then everything is scanned again).
        narrower = bool(self._text) and self._text in text and self.only is None and not self._hidden_changed
        self._text = text
        self.only = None
        self.beginResetModel()
        earlier = self._typed.get(text)
        if earlier is not None:  # typed before (a backspace): the same rows, nothing changed since
            self._visible, self._visible_keys = list(earlier[0]), list(earlier[1])
        elif narrower:  # typing more letters only narrows: scan what is shown instead of everything
            self._visible, self._visible_keys = self._filtered(self._visible, self._keys_of_visible())
        else:
            self._visible, self._visible_keys = self._filtered(self._base, self._keys_of_base())
        self._hidden_changed = False
        if len(self._typed) >= TYPED_KEPT:
            self._typed.clear()
        self._typed[text] = (self._visible, self._visible_keys)
        self.endResetModel()

    def set_only(self, numbers: frozenset[str] | None) -> None:
        """Show only these cases (the ones a digest named), or everything again."""
        self.only = numbers
        self.beginResetModel()
        self._rebase()
        self.endResetModel()

    def set_quick_filter(self, name: str) -> None:
        self._quick = name
        self.only = None
        self.beginResetModel()
        self._rebase()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._rebuild()
        self.layoutChanged.emit()

    @property
    def quick_filter(self) -> str:
        return self._quick

    def counts(self, now: datetime | None = None) -> dict[str, int]:
        """Rows per quick filter at ``now`` (default: the clock): the window's buttons and the tray's badge
        read these same numbers at the same moment."""
        now, eod = now or self._now(), self._end_of_today
        return {name: sum(1 for r in self._rows if test(r, now, eod)) for name, test in QUICK_FILTERS.items()}

    # ----- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks ~1,500 times for roles this model does not answer (font, alignment, size...):
        # those return at once, so a keystroke's repaint stays well inside a frame at 100,000 rows.
        if role not in _ANSWERED or not index.isValid() or index.row() >= len(self._visible):
            return None
        position = self._visible[index.row()]
        row = self._rows[position]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # Formatted once per row and minute (due texts move with the clock): a repaint is lookups.
            minute = int(self._now().timestamp() // 60)
            if minute != self._shown_minute:
                self._shown.clear()
                self._shown_minute = minute
            key = (position, column)
            text = self._shown.get(key)
            if text is None:
                text = self._shown[key] = self._display(row, column)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (COL_DUE, COL_ACTION):
                return row.why or (self._why_of(row.number) if self._why_of else "")
            if column == COL_STAGE:
                return f"Stage {row.stage}: {row.stage_title}" if not row.closed else "Closed"
            if column == COL_SLA and row.sla:
                return f"Response-time commitments: {SLA_WORDS.get(row.sla, row.sla)}"
            if column == COL_BALL:
                return {"ours": "We owe the customer", "theirs": "We wait on the customer"}.get(row.ball, "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_DUE and row.due is not None:
                left = (row.due - self._now()).total_seconds() / 3600
                return theme.urgency_color(row.overdue, left)
            if column == COL_SLA and row.sla:
                return theme.sla_color(row.sla)
        if role == SORT_ROLE:
            return _sort_key(column)(row)
        if role == ROW_ROLE:
            return row
        return None

    def _display(self, row: CaseRow, column: int) -> str:
        if column == COL_CASE:
            return row.number
        if column == COL_CUSTOMER:
            return row.customer
        if column == COL_TITLE:
            return row.title
        if column == COL_STAGE:
            # The playbook's name, as the timeline and the case header show it.
            return row.stage_name or (_short_stage(row.stage_title) if not row.closed else "Closed")
        if column == COL_ACTION:
            flags = " ⚑" if "dissatisfied" in row.flags else ""
            return row.action_title + flags
        if column == COL_DUE:
            if row.due is None:
                return ""
            return due_text(row.due - self._now())
        if column == COL_BALL:
            return BALL_TEXT.get(row.ball, row.ball)
        if column == COL_SLA:
            return SLA_SIGN.get(row.sla, "")
        return ""
