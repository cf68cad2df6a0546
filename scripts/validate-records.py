#!/usr/bin/env python3
"""Validates JSON records (JSON Lines files or pretty JSON files) against
schema/record.schema.json. Usage: validate-records.py SCHEMA FILE..."""
import json
import sys

import jsonschema


def records(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        yield path, json.loads(text)  # one pretty-printed record
        return
    except json.JSONDecodeError:
        pass
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield f"{path}:{n}", json.loads(line)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    count, bad = 0, 0
    for path in sys.argv[2:]:
        for where, rec in records(path):
            count += 1
            for err in validator.iter_errors(rec):
                bad += 1
                print(f"{where}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
    print(f"{count} record(s) checked, {bad} problem(s)")
    return 1 if bad or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
