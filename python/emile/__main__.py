"""`python3 -m emile report …`: the Python half of `emile report` (the command line hands its arguments over)."""

import sys

from ._report import main

if len(sys.argv) < 2 or sys.argv[1] != "report":
    print("usage: python3 -m emile report RESULTS.h5 [-o report.html] [--pdf report.pdf] [--lang fr|en]", file=sys.stderr)
    sys.exit(2)
sys.exit(main(sys.argv[2:]))
