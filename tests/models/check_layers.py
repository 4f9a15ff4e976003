#!/usr/bin/python3
"""Checks that emile::models is a tower: every model source and header sits in the folder of one layer,
includes only headers of its own layer or of layers below it, and holds at most MAX_LINES lines (a file that
grows past them holds more than one concept: split it).

Usage: check_layers.py MODELS_DIR LAYER... (bottom to top, as declared in models/CMakeLists.txt)
Exits 1 listing every file out of place or too long and every include that reaches up.
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"emile/models/([^"/]+)/[^"]+"', re.MULTILINE)
FLAT_INCLUDE = re.compile(r'^\s*#\s*include\s+"emile/models/([^"/]+)"', re.MULTILINE)
MAX_LINES = 600


def problems(models: Path, layers: list[str]) -> list[str]:
    rank = {layer: i for i, layer in enumerate(layers)}
    found = []
    for root in (models / "src", models / "include" / "emile" / "models"):
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".cpp", ".hpp")):
            relative = path.relative_to(root)
            name = path.relative_to(models.parent)
            if len(relative.parts) != 2 or relative.parts[0] not in rank:
                found.append(f"{name}: not in the folder of a layer ({', '.join(layers)})")
                continue
            layer = relative.parts[0]
            text = path.read_text(encoding="utf-8")
            lines = text.count("\n")
            if lines > MAX_LINES:
                found.append(f"{name}: {lines} lines, more than {MAX_LINES}: one concept per file")
            for match in FLAT_INCLUDE.finditer(text):
                found.append(f"{name}: includes emile/models/{match.group(1)}, outside every layer")
            for match in INCLUDE.finditer(text):
                used = match.group(1)
                line = text.count("\n", 0, match.start()) + 1
                if used not in rank:
                    found.append(f"{name}:{line}: includes from {used}/, which is not a layer")
                elif rank[used] > rank[layer]:
                    found.append(f"{name}:{line}: layer {layer} includes from {used}/, a layer above it")
    return found


def main() -> int:
    models, layers = Path(sys.argv[1]), sys.argv[2:]
    found = problems(models, layers)
    for problem in found:
        print(problem)
    if not found:
        print(f"the {len(layers)} layers of {models} form a tower")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
