# Loads each YAML text of a JSON list (standard input) with PyYAML's yaml.safe_load, as the frameworks do, and prints
# one JSON result per text: {"ok": data} or {"error": message} (a YAMLError, or the ValueError / KeyError a constructor
# raises: either stops the run), {"crash": ...} for what is no refusal of the text (RecursionError on a self-alias).
# Values JSON cannot hold are tagged: floats nan/inf, integers past 2^53, dates, bytes, sets; a mapping keeps its
# keys in order with their types. Used by __tests__/pyyaml-differential.test.ts.
import json, math, sys, datetime, yaml
def enc(v):
    if isinstance(v, bool) or v is None: return v
    if isinstance(v, int): return v if abs(v) < 2**53 else {"bigint": str(v)}
    if isinstance(v, float):
        if math.isnan(v): return {"float": "nan"}
        if math.isinf(v): return {"float": "inf" if v > 0 else "-inf"}
        return v
    if isinstance(v, str): return v
    if isinstance(v, (datetime.date, datetime.datetime)): return {"date": v.isoformat()}
    if isinstance(v, bytes): return {"bytes": len(v)}
    if isinstance(v, list): return [enc(x) for x in v]
    if isinstance(v, dict): return {"__map__": [[enc(k) if not isinstance(k, (list, dict)) else "?", enc(x)] for k, x in v.items()]}
    if isinstance(v, set): return {"set": sorted(map(str, v))}
    return {"other": type(v).__name__}
out = []
for text in json.load(sys.stdin):
    try:
        out.append({"ok": enc(yaml.safe_load(text))})
    except (yaml.YAMLError, ValueError, KeyError, IndexError) as e:
        out.append({"error": str(e).split("\n")[0]})
    except Exception as e:
        out.append({"crash": type(e).__name__ + ": " + str(e)[:100]})
json.dump(out, sys.stdout)
