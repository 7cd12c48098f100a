"""``python -m desktop [SCENARIO]`` opens the window, as ``airace`` does."""

import sys

from desktop.entry import main

sys.exit(main())
