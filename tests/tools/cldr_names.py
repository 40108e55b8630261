"""Write ``resources/languages/cldr/cldr_names.json``: the month and weekday names of every language
file's CLDR locale, as the installed Babel gives them (``python -m tests.tools.cldr_names``).

Capture reads them from this file when the installed Babel is the version that wrote it (loading Babel's
locale data costs more than the rest of a capture); ``tests/core/test_cldr_names.py`` checks that the file
says what Babel says.
"""

from __future__ import annotations

import json
from pathlib import Path

from deskcomms.core.capture.languages import SHIPPED_NAMES, cldr_names_from_babel
from deskcomms.installed import library_version

LANGUAGES = Path(__file__).resolve().parents[2] / "resources" / "languages"


def locales() -> list[str]:
    found = {json.loads(p.read_text(encoding="utf-8")).get("cldr") for p in sorted(LANGUAGES.glob("*.json"))}
    return sorted(str(code) for code in found if code)


def names() -> dict:
    shipped = {}
    for locale in locales():
        months, weekdays = cldr_names_from_babel(locale)
        shipped[locale] = {"months": dict(sorted(months.items())), "weekdays": dict(sorted(weekdays.items()))}
    return {
        "about": "Month and weekday names from Unicode CLDR (Unicode License v3), as Babel gives them; "
        "written by `python -m tests.tools.cldr_names`.",
        "babel": library_version("babel"),
        "locales": shipped,
    }


def main() -> None:
    path = LANGUAGES / "cldr" / SHIPPED_NAMES
    path.write_text(json.dumps(names(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
