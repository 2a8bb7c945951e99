"""Run the benchmarks in order (`make bench`), each in its own process on private databases.
Prints their figures; asserts nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# bench_demo builds the full demo that bench_member_list then reads.
ORDER = [
    "bench_demo.py",
    "bench_member_list.py",
    "bench_meetings.py",
    "bench_import.py",
    "bench_export.py",
    "bench_cadence.py",
    "bench_signin.py",
    "bench_prompts.py",
]


def main() -> int:
    failed = []
    for name in ORDER:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing, skipped")
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
