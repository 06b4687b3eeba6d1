"""Reads Prometheus text exposition from stdin with prometheus_client's parser; prints JSON.

Output: a list of families, each {"name", "type", "help", "samples": [{"name", "labels", "value"}]}.
A parse error exits with status 1 and the parser's message on stderr.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = sys.stdin.read()
    families = []
    try:
        for family in text_string_to_metric_families(text):
            families.append({
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
            })
    except Exception as e:  # the parser raises ValueError and others on bad input
        print("parse error: %r" % (e,), file=sys.stderr)
        sys.exit(1)
    json.dump(families, sys.stdout)


if __name__ == "__main__":
    main()
