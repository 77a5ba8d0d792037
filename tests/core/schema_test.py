#!/usr/bin/env python3
"""models/model.schema.json: a valid draft 2020-12 schema that accepts every shipped model and
refuses the mistakes an editor should underline. Usage: schema_test.py MODELS_DIR"""
import json
import pathlib
import sys

import jsonschema

models = pathlib.Path(sys.argv[1])
schema = json.loads((models / "model.schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0


def check(name, doc, valid):
    global failures
    errors = list(validator.iter_errors(doc))
    if bool(errors) == valid:
        failures += 1
        detail = "; ".join(f"{list(e.path)}: {e.message[:120]}" for e in errors[:3])
        print(f"FAIL {name}: expected {'valid' if valid else 'invalid'} {detail}")
    else:
        print(f"ok   {name}")


shipped = sorted(p for p in models.rglob("*.json") if p.name != "model.schema.json")
if not shipped:
    print("FAIL no models found under", models)
    failures += 1
for path in shipped:
    check(str(path.relative_to(models)), json.loads(path.read_text(encoding="utf-8")), True)

minimal = {"leadqual": 1, "id": "m", "dimensions": [{"id": "fit", "max": 10}],
           "stages": [{"id": "all"}]}


def variant(**changes):
    doc = json.loads(json.dumps(minimal))
    doc.update(changes)
    return doc


check("minimal model", minimal, True)
check("x- keys", variant(**{"x-editor": {"a": 1}}), True)
check("unknown top-level key", variant(stage=[]), False)
check("missing stages", {k: v for k, v in minimal.items() if k != "stages"}, False)
check("format version 2", variant(leadqual=2), False)
check("unknown question type", variant(questions=[{"id": "q", "type": "chioce"}]), False)
check("choice without options", variant(questions=[{"id": "q", "type": "choice"}]), False)
check("bands on a choice", variant(questions=[{"id": "q", "type": "choice", "options": ["a"],
                                               "bands": []}]), False)
check("reserved question id", variant(questions=[{"id": "score", "type": "number"}]), False)
check("rule with add and disqualify",
      variant(rules=[{"id": "r", "if": "true", "add": {"fit": 1}, "disqualify": "x"}]), False)
check("rule with neither", variant(rules=[{"id": "r", "if": "true"}]), False)
check("localised label", variant(title={"en": "Hi", "ja": "こんにちは"}), True)
check("empty localised label", variant(title={}), False)
check("range without max", variant(questions=[{"id": "q", "type": "range", "min": 0}]), False)
check("stage called disqualified", variant(stages=[{"id": "disqualified"}]), False)
outcome = {"title": "Save {annual_savings}", "cta": {"label": "Go", "href": "/go"}}
check("results page", variant(intro={"title": "Hi", "start": "Go"},
                              results={"show": {"grade": True, "dimensions": ["fit"]}},
                              outcomes={"all": {**outcome, "show": {"stage": True}}}), True)
check("mailto and tel calls to action",
      variant(outcomes={"all": {"cta": [{"label": "Mail", "href": "mailto:a@example.com"},
                                        {"label": "Call", "href": "tel:+15550100"}]}}), True)
check("javascript call to action",
      variant(outcomes={"all": {"cta": {"label": "Go", "href": "javascript:alert(1)"}}}), False)
check("four calls to action",
      variant(outcomes={"all": {"cta": [{"label": "Go", "href": "/"}] * 4}}), False)
check("mailto redirect", variant(outcomes={"all": {"redirect": "mailto:a@example.com"}}), False)
check("unknown show key", variant(results={"show": {"scroe": True}}), False)
check("unknown intro key", variant(intro={"button": "Go"}), False)
sys.exit(1 if failures else 0)
