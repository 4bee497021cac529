"""Runs commands and measures them: wall time, CPU time (user + sys) and peak RSS.

CPU and peak RSS come from GNU time (`/usr/bin/time -f`), which reports what the kernel
accounted to its child and the descendants the child waited for: a pipeline run under
bash has the CPU of all its stages and the peak RSS of its largest. Measuring through
GNU time rather than this Python process matters for RSS: a child forked from Python
starts its peak RSS from Python's size, which would put ~20 MiB under every figure."""

import os
import statistics
import subprocess
import tempfile
import time

GNU_TIME = "/usr/bin/time"


class Failed(Exception):
    """A command exited with a code it should not have."""


def run_once(argv, env=None, cwd=None, stdout=None, shell=False, ok_codes=(0,)):
    """Runs argv once (a string with shell=True runs under bash with pipefail)."""
    if shell:
        argv = ["bash", "-o", "pipefail", "-c", argv]
    if not os.access(GNU_TIME, os.X_OK):
        raise Failed(f"{GNU_TIME} (GNU time) is needed to measure CPU time and peak RSS")
    out = stdout if stdout is not None else subprocess.DEVNULL
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as report:
        full = [GNU_TIME, "-f", "%U %S %M", "-o", report.name] + argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, env=env, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
        # Drain stderr so a chatty command cannot block; keep it for error messages.
        err = proc.stderr.read()
        proc.wait()
        wall = time.perf_counter() - start
        proc.stderr.close()
        # GNU time writes "Command exited with non-zero status N" before its figures.
        lines = report.read().strip().splitlines()
    if proc.returncode not in ok_codes:
        tail = err.decode("utf-8", "replace")[-2000:]
        raise Failed(f"exit {proc.returncode} (expected {list(ok_codes)}): {display(argv)}\n{tail}")
    user, sys_, rss_kib = lines[-1].split()
    user, sys_ = float(user), float(sys_)
    return {
        "wall_s": round(wall, 4),
        "user_s": round(user, 3),
        "sys_s": round(sys_, 3),
        "cpu_s": round(user + sys_, 3),
        "rss_mib": round(int(rss_kib) / 1024, 1),
        "rc": proc.returncode,
    }


def display(argv):
    if isinstance(argv, str):
        return argv
    if argv[:3] == ["bash", "-o", "pipefail"]:
        return argv[-1]
    return " ".join(argv)


def summarise(samples, keys=("wall_s", "cpu_s", "user_s", "sys_s", "rss_mib")):
    """Median, min and max of each figure."""
    out = {}
    for stat, fn in (("median", statistics.median), ("min", min), ("max", max)):
        out[stat] = {k: round(fn(s[k] for s in samples), 4) for k in keys if samples and k in samples[0]}
    return out

