# Runs each generated script of a JSON list (standard input) one assignment at a time with CPython, after
# `import math`, and prints for each script the value every name holds right after its assignment, typed:
# {"int": "..."} (exact digits), {"float": repr}, {"bool": ...}, {"none": true}, {"str": ...}, or {"error": the
# exception's type} where the assignment raises. Used by __tests__/python-differential.test.ts; the scripts are the
# test's own generated arithmetic, never text from a repository.
import json, sys
def enc(v):
    if isinstance(v, bool): return {"bool": v}
    if v is None: return {"none": True}
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"float": repr(v)}
    if isinstance(v, str): return {"str": v}
    return {"other": type(v).__name__}
out = []
for lines in json.load(sys.stdin):
    ns = {}
    exec("import math", ns)
    values = {}
    for line in lines:
        name = line.split("=")[0].strip()
        try:
            exec(line, ns)
            values[name] = enc(ns[name])
        except Exception as e:
            values[name] = {"error": type(e).__name__}
    out.append(values)
json.dump(out, sys.stdout)
