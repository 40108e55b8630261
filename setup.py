"""The wheel ships deskcomms's LICENSE and third-party notices written at build time from the installed
packages' own metadata (deskcomms/core/notices.py), into deskcomms/_resources/licenses. Everything else is
in pyproject.toml."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithNotices(build_py):
    """build_py, then the licence files beside the resources the wheel carries."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout; the About dialog writes the notices live
        sys.path.insert(0, str(ROOT))
        try:
            from deskcomms.core.notices import project_requirements, write_notices
        finally:
            sys.path.remove(str(ROOT))
        target = Path(self.build_lib) / "deskcomms" / "_resources" / "licenses"
        write_notices(
            target,
            project_requirements(ROOT / "pyproject.toml"),
            licences=ROOT / "resources" / "licenses",
            licence=ROOT / "LICENSE",
        )


setup(cmdclass={"build_py": BuildWithNotices})
