# The established tool for the same work: androguard AnalyzeAPK (read + decode + cross-reference build),
# then call sites of each catalogue API (find_methods + get_xref_from). Run by bench/run.ts under GNU time.
# Usage: python3 bench/androguard-xref.py APK APIS.json   (APIS.json: [[class, method, descriptor|null], ...])
# Prints one JSON line: phase times (from process start) and counts.
import time

T0 = time.perf_counter()
import json
import logging
import re
import sys

logging.disable(logging.CRITICAL)
try:  # androguard >= 4 logs through loguru
    from loguru import logger

    logger.remove()
except ImportError:
    pass
from androguard.misc import AnalyzeAPK

apk_path, apis_path = sys.argv[1], sys.argv[2]
a, d, dx = AnalyzeAPK(apk_path)
t_analyze = time.perf_counter() - T0

classes = 0
methods = 0
for c in dx.get_classes():
    if c.is_external():
        continue
    classes += 1
    methods += len(c.get_methods())

with open(apis_path) as f:
    apis = json.load(f)
call_sites = 0
apis_found = 0
for cls, name, desc in apis:
    found = False
    for m in dx.find_methods(
        classname="^" + re.escape(cls) + "$",
        methodname="^" + re.escape(name) + "$",
        descriptor=".*" if desc is None else "^" + re.escape(desc) + "$",
    ):
        xs = m.get_xref_from()
        if xs:
            found = True
        call_sites += len(xs)
    apis_found += found
t_total = time.perf_counter() - T0
print(json.dumps({
    "analyzeSec": t_analyze,
    "totalSec": t_total,
    "classes": classes,
    "methods": methods,
    "apis": len(apis),
    "apisFound": apis_found,
    "callSites": call_sites,
}))
