"""Capture reads month and weekday names from the file shipped beside the language files when the
installed Babel is the version that wrote it, and from Babel otherwise: either way the same names."""

from __future__ import annotations

import json

from deskcomms.core.capture import languages
from deskcomms.installed import library_version
from tests.tools import cldr_names


def test_the_shipped_names_are_what_babel_gives():
    shipped = json.loads((languages.language_dir() / "cldr" / languages.SHIPPED_NAMES).read_text(encoding="utf-8"))
    fresh = cldr_names.names()
    if shipped["babel"] == library_version("babel"):
        # Written by this Babel: it must say what Babel says (else: python -m tests.tools.cldr_names).
        assert shipped["locales"] == fresh["locales"]
        assert languages._shipped_names() == shipped["locales"]
    else:  # another Babel is installed: the shipped file is not used
        assert languages._shipped_names() is None
    for locale in cldr_names.locales():
        assert languages._cldr_names(locale) == languages.cldr_names_from_babel(locale)


def test_every_language_file_locale_is_shipped():
    shipped = json.loads((languages.language_dir() / "cldr" / languages.SHIPPED_NAMES).read_text(encoding="utf-8"))
    assert sorted(shipped["locales"]) == cldr_names.locales() == ["de", "en", "es", "fr", "it", "nl", "pt"]
