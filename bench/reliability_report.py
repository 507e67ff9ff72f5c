"""Run the reliability tests and collect their figures (the ``FIGURES {json}`` lines they print).

    .venv/bin/python bench/reliability_report.py            # the make-test variants (about 4 minutes on 2 cores)
    .venv/bin/python bench/reliability_report.py --soak     # the soak variants only (make soak runs the same)
    .venv/bin/python bench/reliability_report.py --examples 500   # more hypothesis examples per property

Writes ``bench/results/reliability[-soak].json`` and prints one line per test; docs/reliability.md quotes them.
Every test talks only to 127.0.0.1, is bounded in count and time, and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["tests/test_fuzz_http.py", "tests/test_fuzz_cli.py", "tests/test_reliability_access.py",
         "tests/test_reliability_load.py", "tests/test_reliability_crash.py"]


def machine() -> dict:
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    return {"cpus": os.cpu_count(), "memory_gib": round(memory_kb / 2**20, 1), "python": platform.python_version(),
            "load_average_at_start": [round(x, 1) for x in os.getloadavg()]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--soak", action="store_true", help="run the soak variants instead")
    parser.add_argument("--examples", type=int, default=None, help="hypothesis examples per property")
    options = parser.parse_args()
    env = dict(os.environ)
    if options.examples:
        env["HARBOUR_FUZZ_EXAMPLES"] = str(options.examples)
    marker = "soak" if options.soak else "not soak"
    command = [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider", "-m", marker, *FILES]
    facts = machine()
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    figures = [json.loads(line.split("FIGURES ", 1)[1]) for line in result.stdout.splitlines()
               if "FIGURES {" in line]  # pytest's progress dots may precede it on the line
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    report = {"command": " ".join(["pytest", "-s", "-m", repr(marker), *FILES]), "machine": facts,
              "wall_seconds": round(time.monotonic() - started), "pytest": summary, "exit_status": result.returncode,
              "figures": figures}
    output = ROOT / "bench" / "results" / f"reliability{'-soak' if options.soak else ''}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for figure in figures:
        print(json.dumps(figure, ensure_ascii=False))
    print(f"{summary} in {report['wall_seconds']} s; machine {facts}; written to {output.relative_to(ROOT)}")
    if result.returncode != 0:
        print(result.stdout[-5000:], file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
