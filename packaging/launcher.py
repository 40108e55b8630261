"""Entry script for the PyInstaller bundle (deskcomms/__main__.py uses package-relative imports)."""

import sys

from deskcomms.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
