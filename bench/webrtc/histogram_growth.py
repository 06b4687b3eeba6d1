#!/usr/bin/python3
"""What the readers hold: two `jcmd PID GC.class_histogram` outputs of one server, the first with
the publisher alone, the second with N readers connected, compared class by class.

Prints a Markdown table of the TOP classes whose live bytes grew most, with the growth per reader
(bytes and instances), and the total growth per reader.

Usage: histogram_growth.py BASE.txt LOADED.txt READERS [TOP]   (TOP defaults to 20)
"""
import re
import sys

ROW = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def read(path):
    """{class name: (instances, bytes)} of one histogram; the module suffix is left out."""
    classes = {}
    with open(path) as f:
        for line in f:
            m = ROW.match(line)
            if m:
                count, size = classes.get(m.group(3), (0, 0))
                classes[m.group(3)] = (count + int(m.group(1)), size + int(m.group(2)))
    return classes


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    base, loaded = read(sys.argv[1]), read(sys.argv[2])
    readers = int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    if not base or not loaded:
        sys.exit("a histogram has no class rows: %s" % (sys.argv[1] if not base else sys.argv[2]))
    if readers <= 0:
        sys.exit("READERS must be above 0, was %d" % readers)
    growth = []
    for name in set(base) | set(loaded):
        c0, b0 = base.get(name, (0, 0))
        c1, b1 = loaded.get(name, (0, 0))
        growth.append((b1 - b0, c1 - c0, name))
    growth.sort(reverse=True)
    total = sum(g[0] for g in growth)
    print("Live heap by class, %d readers vs the publisher alone: %.1f KB more per reader in total" % (readers, total / 1024 / readers))
    print()
    print("| class | bytes per reader | instances per reader | share of the growth |")
    print("|---|---:|---:|---:|")
    for size, count, name in growth[:top]:
        print("| `%s` | %.0f | %.1f | %.1f %% |" % (name, size / readers, count / readers, 100.0 * size / total if total else 0))


if __name__ == "__main__":
    main()
