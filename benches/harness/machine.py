"""What the figures were measured on."""

import os
import platform
import subprocess


def _first(path, prefix):
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def describe(root):
    mem_kib = _first("/proc/meminfo", "MemTotal")
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    # Only what goes into the measured build counts (a draft of BENCHMARKS.md does not).
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "src", "Cargo.toml", "Cargo.lock", "benches"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _first("/proc/cpuinfo", "model name"),
        "memory_gib": round(int(mem_kib.split()[0]) / 1024 / 1024, 1) if mem_kib else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "commit": commit,
        "dirty": dirty,
    }


def load():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
