"""The draft font setting: Aptos 11 pt by default (Outlook's own since 2023), Calibri and Arial after it
in the HTML that lands on the clipboard, the plain-text flavour untouched; Qt's HTML engine (what a
QTextBrowser shows of a paste) reads the same font list."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QTextBrowser

from deskcomms.core.drafts import font_css, to_html

from .test_drafting import click, open_case


def copied(window, session, qtbot, monkeypatch) -> tuple[str, str]:
    view = open_case(window, session, "1004", "draft_panel")
    panel = view.draft_panel
    monkeypatch.setattr(panel, "confirm_problems", lambda: True)
    click(panel, "draft_copy", qtbot)
    data = QApplication.clipboard().mimeData()
    return data.html(), data.text()


def families(html: str) -> list[str]:
    match = re.search(r"font-family:([^;]+);font-size:(\d+)pt", html)
    assert match is not None, html[:200]
    return [*match.group(1).split(","), match.group(2)]


def test_the_default_draft_font_is_aptos_11_with_calibri_and_arial_after_it(window, session, qtbot, monkeypatch):
    html, text = copied(window, session, qtbot, monkeypatch)
    assert families(html) == ["Aptos", "Calibri", "Arial", "sans-serif", "11"]
    assert "<" not in text and text.startswith("Hello Marcus,")


def test_a_chosen_font_changes_the_html_only(window, session, qtbot, monkeypatch):
    html_before, text_before = copied(window, session, qtbot, monkeypatch)
    session.save_settings({**session.settings, "draft_font": "Segoe UI", "draft_font_size": 12}, session.profile)
    window.case_view.show_case(window.current_number())  # as Settings… does after saving
    html, text = copied(window, session, qtbot, monkeypatch)
    assert families(html) == ["'Segoe UI'", "Calibri", "Arial", "sans-serif", "12"]
    assert text == text_before
    assert re.sub(r"font-family:[^;]+;font-size:\d+pt;", "", html) == re.sub(
        r"font-family:[^;]+;font-size:\d+pt;", "", html_before
    )


def test_calibri_chosen_is_not_listed_twice():
    assert font_css("calibri", 10) == "font-family:calibri,Arial,sans-serif;font-size:10pt;"


def test_qt_html_engine_reads_the_font_list_of_a_pasted_draft(qtbot):
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(to_html("Hello Marcus,\n\nThe fix is ready.", {"draft_font": "Aptos", "draft_font_size": 11}))
    char_format = browser.document().begin().begin().fragment().charFormat()
    assert char_format.fontFamilies() == ["Aptos", "Calibri", "Arial", "sans-serif"]
    assert char_format.fontPointSize() == 11


def test_a_font_name_that_could_break_the_html_is_refused_with_its_setting_named():
    import pytest

    from deskcomms.core.errors import ValidationError
    from deskcomms.core.settings import normalize_settings

    with pytest.raises(ValidationError, match="font name") as refused:
        normalize_settings({"draft_font": "Aptos;color:red"})
    assert "settings.draft_font" in str(refused.value)
    with pytest.raises(ValidationError, match="from 8 to 20"):
        normalize_settings({"draft_font_size": 72})
    assert normalize_settings({"draft_font_size": "12 pt"})["draft_font_size"] == 12
