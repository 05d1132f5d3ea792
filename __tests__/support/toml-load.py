# Loads each TOML text of a JSON list (standard input) with Python's tomllib (the reader kohya's sd-scripts and
# torchtitan load their TOML with, via toml / tomllib) and prints one JSON result per text: {"ok": data} or
# {"error": message}. Numbers are tagged {"int": digits} / {"float": repr}. Used by __tests__/toml-differential.test.ts.
import json, math, sys, tomllib, datetime
def enc(v):
    if isinstance(v, bool): return {"bool": v}
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"float": "nan" if math.isnan(v) else repr(v)}
    if isinstance(v, str): return v
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)): return {"date": v.isoformat()}
    if isinstance(v, list): return [enc(x) for x in v]
    if isinstance(v, dict): return {k: enc(x) for k, x in v.items()}
    return {"other": type(v).__name__}
out = []
for text in json.load(sys.stdin):
    try: out.append({"ok": enc(tomllib.loads(text))})
    except tomllib.TOMLDecodeError as e: out.append({"error": str(e)})
    except Exception as e: out.append({"crash": type(e).__name__})
json.dump(out, sys.stdout)
