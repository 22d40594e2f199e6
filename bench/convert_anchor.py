#!/usr/bin/env python3
"""Turns the neutral anchor workload (../shared/anchors, rules.json) into our knowledge-base sources.

The same rules, written in our source format (like the anchors' clips/convert.py, an offline step whose
time is not counted): one decision per group with `combine: priority` (the holding rule with the highest
priority wins; the group's default rule gets the lowest priority), sets as lists, and the first-offence
join as `no offence.priors where kind == offence.kind and date >= offence.date - D days and date < offence.date`.

usage: convert_anchor.py RULES.json OUT_DIR   (writes OUT_DIR/data/*.yaml and OUT_DIR/ids.json)
"""
import json
import os
import re
import sys

# Open vocabularies (codes, names, levels the cases may carry beyond those the rules mention) are text.
CASE_FIELDS = {"industry": "string", "sector": "string", "capacity": "number", "area": "number", "length": "number",
               "investment": "number", "sensitive": "bool", "park": "string", "category": "string", "city": "string",
               "applicant": "string"}
OFFENCE_FIELDS = {"kind": "string", "harm": "string", "corrected_days": "number", "date": "date"}
DECISION = {"doc_type": "anchor.doc_type", "commitment": "anchor.commitment", "approval_days": "anchor.approval_days",
            "exemption": "anchor.exemption"}


def q(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    rules_path, out = sys.argv[1], sys.argv[2]
    spec = json.load(open(rules_path))
    groups = {g["name"]: g for g in spec["groups"]}
    enum_values = {"park": set(["national", "provincial", "none"]), "category": set(), "harm": set(["none", "minor", "serious"])}
    conclusions = {g["conclusion"]: set() for g in spec["groups"]}
    for r in spec["rules"]:
        conclusions[groups[r["group"]]["conclusion"]].add(r["then"])
        for c in r["when"]:
            f = c.get("field")
            if f in enum_values:
                vals = c["value"] if isinstance(c["value"], list) else [c["value"]]
                enum_values[f].update(vals)
    # categories and parks also come from cases: the generator's vocabulary
    enum_values["category"].update(["industrial", "infrastructure", "livelihood", "other"])
    os.makedirs(os.path.join(out, "data"), exist_ok=True)

    def fact_name(scope, field):
        return ("offence." if scope == "offence" else "case.") + field

    lines = ["kind: vocabulary", "decisions:"]
    for g in spec["groups"]:
        name = DECISION[g["conclusion"]]
        values = sorted(conclusions[g["conclusion"]], key=str)
        if g["conclusion"] == "approval_days":
            lines += ["  - id: " + name, "    type: number", "    label: " + g["conclusion"], "    combine: priority"]
        else:
            lines += ["  - id: " + name, "    type: enum", "    label: " + g["conclusion"], "    combine: priority",
                      "    values: [" + ", ".join(values) + "]"]
    lines.append("facts:")
    for f, t in CASE_FIELDS.items():
        lines += ["  - id: case." + f, "    type: " + t, "    label: " + f]
        if t == "enum":
            lines.append("    values: [" + ", ".join(sorted(enum_values[f])) + "]")
    for f, t in OFFENCE_FIELDS.items():
        lines += ["  - id: offence." + f, "    type: " + t, "    label: " + f]
        if t == "enum":
            lines.append("    values: [" + ", ".join(sorted(enum_values[f])) + "]")
    lines += ["  - id: offence.priors", "    type: records", "    label: priors", "    fields:",
              "      - {id: kind, type: string, label: kind}", "      - {id: date, type: date, label: date}"]
    open(os.path.join(out, "data", "vocabulary.yaml"), "w").write("\n".join(lines) + "\n")
    open(os.path.join(out, "data", "places.yaml"), "w").write("kind: places\nplaces:\n  - {id: cn, name: cn}\n")
    for name, members in spec["sets"].items():
        body = ["kind: list", "id: anchor." + name, "title: " + name, "source: {document: anchors}", "jurisdiction: cn",
                "members:"] + ["  - " + q(m) for m in members]
        open(os.path.join(out, "data", "list_" + name + ".yaml"), "w").write("\n".join(body) + "\n")

    def cond(c, scope):
        op = c["op"]
        if op == "no_prior_within":
            return ("no offence.priors where kind == offence.kind and date >= offence.date - %d days and "
                    "date < offence.date" % c["days"])
        if "derived" in c:
            name = DECISION[c["derived"]]
            v = c["value"]
            if op == "eq":
                return "%s == %s" % (name, q(v)) if isinstance(v, str) else "%s == %s" % (name, v)
            return "%s in [%s]" % (name, ", ".join(q(x) for x in v))
        field = c["field"]
        kind = (OFFENCE_FIELDS if scope == "offence" else CASE_FIELDS)[field]
        name = fact_name(scope, field)
        if op == "eq":
            if kind == "bool":
                return name if c["value"] else "not " + name
            return "%s == %s" % (name, q(c["value"]) if isinstance(c["value"], str) else c["value"])
        if op == "in":
            return "%s in [%s]" % (name, ", ".join(q(x) for x in c["value"]))
        if op == "ge":
            return "%s >= %s" % (name, c["value"])
        if op == "le":
            return "%s <= %s" % (name, c["value"])
        if op == "in_set":
            return '%s in_list "anchor.%s"' % (name, c["set"])
        if op == "not_in_set":
            return 'not (%s in_list "anchor.%s")' % (name, c["set"])
        raise SystemExit("unknown condition " + json.dumps(c))

    ids = {}
    body = ["kind: rules", "jurisdiction: cn", "rules:"]
    for r in spec["rules"]:
        g = groups[r["group"]]
        our_id = "anchor." + re.sub(r"[^a-z0-9_]", "_", r["id"].lower())
        ids[our_id] = r["id"]
        when = " and ".join("(%s)" % cond(c, g["scope"]) if " or " in cond(c, g["scope"]) else cond(c, g["scope"])
                            for c in r["when"]) or "true"
        value = r["then"]
        priority = -1 if r.get("default") else r["priority"]
        body += ["  - id: " + our_id, "    title: " + q(r["id"]), "    source: {document: " + q(r["basis"]) + "}",
                 "    priority: %d" % priority, "    when: " + q(when),
                 "    then: {%s: %s}" % (DECISION[g["conclusion"]], value if not isinstance(value, str) else value)]
    open(os.path.join(out, "data", "rules.yaml"), "w").write("\n".join(body) + "\n")
    json.dump(ids, open(os.path.join(out, "ids.json"), "w"))


if __name__ == "__main__":
    main()
