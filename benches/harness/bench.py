"""The benchmark harness: generates the inputs, runs s3drift with its peers and floors in
the same run, and writes one JSON result file (see BENCHMARKS.md)."""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import machine
import render
from measure import Failed, display, run_once, summarise
from services import Services, Unavailable, aws_env, install_c7n, install_moto

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "bench")

# The configuration-event filter of the jq peer: S3's bucket-configuration events, the
# list s3drift watches (README, "Who changed it").
CONFIG_EVENTS = [
    "CreateBucket", "DeleteBucket", "PutBucketVersioning", "PutBucketEncryption",
    "DeleteBucketEncryption", "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl",
    "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock", "PutBucketLogging",
    "PutBucketLifecycle", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle",
    "PutBucketReplication", "DeleteBucketReplication", "PutBucketCors", "DeleteBucketCors",
    "PutBucketWebsite", "DeleteBucketWebsite", "PutObjectLockConfiguration",
    "PutBucketOwnershipControls", "DeleteBucketOwnershipControls", "PutBucketTagging",
    "DeleteBucketTagging",
]

GIB = 1 << 30

# Sizes per mode. The full sizes are organisation scale: a 100 MB state of 12,500 buckets,
# 1 GiB of trail in 968 files, 1,000 live buckets behind 25 ms.
SIZES = {
    "full": {"buckets": 12_500, "trail_bytes": GIB, "live_buckets": 1_000, "runs": 3},
    "smoke": {"buckets": 150, "trail_bytes": 3_000_000, "trail_files": 8, "live_buckets": 20, "runs": 1,
              "live_drift": 0.1},
}
SCALE = {"buckets": [100, 1_000, 10_000], "trail_gib": [1, 2, 4], "live_buckets": [100, 1_000]}


class Ctx:
    def __init__(self, args):
        self.args = args
        self.mode = "smoke" if args.smoke else "scale" if args.scale else "full"
        self.strict = not args.smoke
        self.profile = args.profile or ("debug" if args.smoke else "release")
        target = os.path.join(ROOT, "target", self.profile)
        self.s3drift = os.path.join(target, "s3drift")
        self.gen = os.path.join(target, "examples", "bench-gen")
        self.floor = os.path.join(target, "examples", "bench-floor")
        self.proxy = os.path.join(target, "examples", "bench-proxy")
        self.runs = args.runs or SIZES["smoke" if args.smoke else "full"]["runs"]
        self.sizes = dict(SIZES["smoke" if args.smoke else "full"])
        self.groups = []
        self.checks = []
        # Run-specific text (ports, temporary folders) shown as names in commands.
        self.placeholders = {}
        self.tools = {}

    def rel(self, path):
        """A path as the reader would type it, from the repository root."""
        return os.path.relpath(path, ROOT) if os.path.isabs(path) else path

    def note(self, msg):
        print(f"bench: {msg}", file=sys.stderr, flush=True)


# --- building and data ----------------------------------------------------------------


def build(ctx):
    if ctx.args.no_build:
        return
    cmd = ["cargo", "build", "--locked", "--bin", "s3drift"]
    cmd += ["--example", "bench-gen", "--example", "bench-floor", "--example", "bench-proxy"]
    if ctx.profile == "release":
        cmd.append("--release")
    elif ctx.profile != "debug":
        cmd += ["--profile", ctx.profile]
    ctx.note(" ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True)


def generator_hash():
    h = hashlib.sha256()
    folder = os.path.join(ROOT, "benches", "gen")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            h.update(name.encode() + f.read())
    return h.hexdigest()[:10]


def dataset(ctx, kind, only, **params):
    """Generates (once) and returns the manifest and folder of a data set."""
    key = "-".join([kind] + [f"{k}{v}" for k, v in sorted(params.items())] + [generator_hash()])
    folder = os.path.join(WORK, "data", key)
    manifest = os.path.join(folder, "manifest.json")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            return json.load(f), folder
    tmp = folder + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    argv = [ctx.gen, "--out", tmp, "--only", only]
    for k, v in params.items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    ctx.note("generating " + " ".join(argv[1:]))
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"bench-gen failed: {proc.stderr}")
    data = json.loads(proc.stdout)
    # The paths it printed name the temporary folder; the files are found from `folder`.
    for part in data.values():
        if isinstance(part, dict):
            part.pop("path", None)
    data["command"] = "cargo run --release --example bench-gen -- " + " ".join(
        a for a in argv[1:] if a != tmp
    ).replace("--out ", "--out DIR ")
    with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(tmp, folder)
    return data, folder


def fleet_data(ctx, buckets, drift=None):
    params = {"buckets": buckets}
    if drift is not None:
        params["drift"] = drift
    return dataset(ctx, "fleet", "state,snapshot,live", **params)


def trail_data(ctx, buckets, trail_bytes, trail_files=None):
    params = {"buckets": buckets, "trail_bytes": trail_bytes}
    if trail_files:
        params["trail_files"] = trail_files
    return dataset(ctx, "trail", "trail", **params)


# --- measuring groups -------------------------------------------------------------------


class Row:
    """One command of a group: the tool itself, a peer, or a floor."""

    def __init__(self, rid, role, label, argv, shell=False, env=None, env_shown=None, ok_codes=(0,),
                 skipped=None, runs=None, requests=None, stdout=None):
        self.id, self.role, self.label = rid, role, label
        self.argv, self.shell, self.env = argv, shell, env
        self.env_shown = env_shown or {}
        self.ok_codes, self.skipped, self.runs = ok_codes, skipped, runs
        # A callable (before) -> after returning request counts, for live rows.
        self.requests = requests
        # Where each run's standard output goes (default /dev/null), for checking it.
        self.stdout = stdout

    def command(self, ctx):
        text = display(self.argv) if not isinstance(self.argv, str) else self.argv
        prefix = " ".join(f"{k}={v}" for k, v in self.env_shown.items())
        text = f"{prefix} {text}".strip()
        for real, shown in ctx.placeholders.items():
            text = text.replace(real, shown)
        return text.replace(ROOT + "/", "")


def skip_or_fail(ctx, what, reason):
    if ctx.strict:
        raise SystemExit(f"bench: {what} is not available: {reason}")
    ctx.note(f"skipping {what}: {reason}")
    return reason


def measure(ctx, gid, title, rows, info=None):
    """Runs every row `runs` times, interleaved (run 1 of each row, then run 2…), so that
    noise on the shared machine falls on all rows alike."""
    results = {r.id: [] for r in rows}
    runs = max((r.runs or ctx.runs) for r in rows)
    for i in range(runs):
        for r in rows:
            if r.skipped or i >= (r.runs or ctx.runs):
                continue
            ctx.note(f"{gid} run {i + 1}/{r.runs or ctx.runs}: {r.label}")
            before = r.requests() if r.requests else None
            out = open(r.stdout, "wb") if r.stdout else None
            try:
                s = run_once(r.argv, env=r.env, cwd=ROOT, shell=r.shell, ok_codes=r.ok_codes, stdout=out)
            finally:
                if out:
                    out.close()
            if r.requests:
                s.update(r.requests(before))
            results[r.id].append(s)
    out_rows = []
    for r in rows:
        row = {"id": r.id, "role": r.role, "label": r.label, "command": r.command(ctx)}
        if r.skipped:
            row["skipped"] = r.skipped
        else:
            samples = results[r.id]
            row["samples"] = samples
            keys = [k for k in samples[0] if k != "rc" and isinstance(samples[0][k], (int, float))]
            row.update(summarise(samples, keys))
        out_rows.append(row)
    group = {"id": gid, "title": title, "rows": out_rows}
    if info:
        group["info"] = info
    add_ratios(group)
    ctx.groups.append(group)
    return group


def add_ratios(group):
    """Each tool row's medians over each peer's and floor's (wall, CPU, RSS)."""
    others = [r for r in group["rows"] if r["role"] in ("peer", "floor") and "median" in r]
    for row in group["rows"]:
        if row["role"] != "tool" or "median" not in row:
            continue
        ratios = {}
        for o in others:
            # GNU time counts CPU in 10 ms steps: a zero on either side is no ratio.
            ratios[o["id"]] = {
                k: round(row["median"][k] / o["median"][k], 3)
                for k in ("wall_s", "cpu_s", "rss_mib")
                if o["median"].get(k) and row["median"].get(k)
            }
        row["ratios"] = ratios


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def have(ctx, tool):
    path = shutil.which(tool)
    if path:
        ctx.tools.setdefault(tool, version_of([tool, "--version"]))
    return path


def version_of(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


# --- the groups -------------------------------------------------------------------------


def human(n):
    """Bytes for titles: GiB for trails, MB below half a GiB."""
    return f"{n / GIB:.2f} GiB" if n >= GIB // 2 else f"{n / 1e6:.1f} MB"


def group_state(ctx, buckets, gid="state", title=None):
    data, folder = fleet_data(ctx, buckets)
    state = os.path.join(folder, "state.tfstate")
    jq_filter = '.resources[] | select(.type | startswith("aws_s3_")) | .instances[]'
    rows = [
        Row("s3drift", "tool", "s3drift tree", [ctx.s3drift, "tree", "--state", state]),
        Row(
            "jq",
            "peer",
            "jq selecting the S3 instances",
            f"jq -c {shell_quote(jq_filter)} {shell_quote(state)} > /dev/null",
            shell=True,
            skipped=None if have(ctx, "jq") else skip_or_fail(ctx, "jq", "not on PATH"),
        ),
        Row("value", "floor", "serde_json::from_slice::<Value>", [ctx.floor, "value", state]),
    ]
    info = {"data": data.get("state"), "buckets": buckets, "generate": data["command"]}
    return measure(ctx, gid, title or f"State parsing: {human(data['state']['bytes'])}, "
                   f"{data['state']['instances']:,} resources, {buckets:,} buckets", rows, info)


def trail_rows(ctx, folder, since, with_jq=True):
    trail = os.path.join(folder, "trail")
    names = ", ".join(f'"{n}"' for n in CONFIG_EVENTS)
    jq_filter = f'.Records[] | select(.eventSource == "s3.amazonaws.com" and (.eventName | IN({names})))'
    files = f"find {shell_quote(trail)} -name '*.json.gz' -print0 | sort -z | xargs -0"
    rows = [
        Row("s3drift", "tool", "s3drift events",
            [ctx.s3drift, "events", "--cloudtrail", trail, "--since", since]),
    ]
    if with_jq:
        rows.append(Row(
            "jq", "peer", "zcat | jq with the configuration-event filter",
            f"{files} zcat | jq -c {shell_quote(jq_filter)} > /dev/null", shell=True,
            skipped=None if have(ctx, "jq") else skip_or_fail(ctx, "jq", "not on PATH"),
        ))
    rows += [
        Row("zcat", "floor", "zcat to /dev/null (one core)", f"{files} zcat > /dev/null", shell=True,
            skipped=None if have(ctx, "zcat") else skip_or_fail(ctx, "zcat", "not on PATH")),
        Row("inflate", "floor", "inflate only, both cores (s3drift's gzip backend)",
            [ctx.floor, "inflate", trail, "--threads", "2"]),
    ]
    return rows


def group_trail(ctx, trail_bytes, gid="trail", with_jq=True):
    data, folder = trail_data(ctx, ctx.sizes["buckets"], trail_bytes, ctx.sizes.get("trail_files"))
    t = data["trail"]
    info = {"data": t, "generate": data["command"]}
    title = (f"CloudTrail scan: {human(t['bytes'])} uncompressed in {t['files']:,} files, "
             f"{t['records']:,} records, {t['config_records']:,} configuration events")
    group = measure(ctx, gid, title, trail_rows(ctx, folder, t["start"], with_jq), info)
    if not ctx.strict:
        # The events s3drift lists are the configuration events the generator wrote.
        out = subprocess.run([ctx.s3drift, "events", "--cloudtrail", os.path.join(folder, "trail"),
                              "--since", t["start"], "--format", "json"], capture_output=True, text=True)
        # JSON lines, one event each.
        listed = len([l for l in out.stdout.splitlines() if l.strip()]) if out.returncode == 0 else -1
        ctx.checks.append({"check": "events lists every generated configuration event",
                           "expected": t["config_records"], "actual": listed,
                           "ok": listed == t["config_records"]})
    return group


def group_e2e(ctx):
    fleet, ffolder = fleet_data(ctx, ctx.sizes["buckets"])
    trail, tfolder = trail_data(ctx, ctx.sizes["buckets"], ctx.sizes["trail_bytes"], ctx.sizes.get("trail_files"))
    argv = [ctx.s3drift, "check", "--state", os.path.join(ffolder, "state.tfstate"),
            "--snapshot", os.path.join(ffolder, "snapshot.json"),
            "--cloudtrail", os.path.join(tfolder, "trail"), "--since", trail["trail"]["start"],
            "--format", "json"]
    report_path = os.path.join(WORK, "e2e-report.json")
    rows = [Row("s3drift", "tool", "s3drift check (state + snapshot + trail)", argv, ok_codes=(2,),
                stdout=report_path)]
    group = measure(ctx, "e2e", f"End to end: check on the {human(fleet['state']['bytes'])} state, "
                    f"its snapshot ({fleet['drifted']:,} of {fleet['buckets']:,} buckets drifted) and "
                    f"{human(trail['trail']['bytes'])} of trail", rows,
                    {"generate": [fleet["command"], trail["command"]]})
    # The report must name exactly the drifted buckets, each attributed.
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    # Signals (a burst of denied calls) are not drift; the trail holds some on purpose.
    drift = [f for f in report["findings"] if f.get("kind") != "signal"]
    found = {f["bucket"] for f in drift}
    attributed = {f["bucket"] for f in drift if (f.get("attribution") or {}).get("status") == "confirmed"}
    want = set(fleet["drifted_buckets"])
    ctx.checks.append({"check": "check finds exactly the drifted buckets", "expected": len(want),
                       "actual": len(found), "ok": found == want})
    ctx.checks.append({"check": "every drifted bucket's change is attributed (confirmed)",
                       "expected": len(want), "actual": len(attributed & want), "ok": attributed >= want})
    return group


C7N_POLICY = """policies:
  - name: s3-encryption-and-public-access-block
    resource: aws.s3
    filters:
      - or:
          - type: bucket-encryption
            state: false
          - type: check-public-block
"""


def group_live(ctx, buckets, gid="live", peers=True, floors=(32, 128)):
    # Tiny fleets get a higher drift share, so that some bucket drifts at all.
    data, folder = fleet_data(ctx, buckets, ctx.sizes.get("live_drift"))
    state = os.path.join(folder, "state.tfstate")
    moto = install_moto(ROOT)
    ctx.tools.setdefault("moto", "moto[server]==5.1.22")
    custodian, c7n_skip = None, None
    if peers:
        try:
            custodian = install_c7n(WORK)
            ctx.tools.setdefault("c7n", version_of([custodian, "version"]))
        except Unavailable as e:
            c7n_skip = skip_or_fail(ctx, "Cloud Custodian", str(e))
    work = tempfile.mkdtemp(prefix=f"{gid}-", dir=WORK)
    try:
        with Services(ROOT, work, ctx.proxy, ctx.args.latency_ms) as svc:
            svc.start_moto(moto)
            ctx.note(f"creating {buckets:,} buckets in moto")
            svc.setup_fleet(moto, os.path.join(folder, "live.jsonl"))
            svc.start_proxy()
            ctx.placeholders[svc.proxy_url] = "http://127.0.0.1:PROXY"
            ctx.placeholders[f"127.0.0.1:{svc.proxy_port}"] = "127.0.0.1:PROXY"
            ctx.placeholders[work] = "WORK"
            env = aws_env()
            shown = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

            def counter(before=None):
                n = len(svc.log_lines())
                if before is None:
                    return n
                lines = svc.log_lines()[before:]
                return {"requests": len(lines), "requests_per_bucket": round(len(lines) / buckets, 3)}

            snap_out = os.path.join(work, "snapshot.json")
            check_out = os.path.join(work, "check.json")
            rows = [
                Row("snapshot", "tool", "s3drift snapshot",
                    [ctx.s3drift, "snapshot", "--state", state, "--endpoint-url", svc.proxy_url, "-o", snap_out],
                    env=env, env_shown=shown, requests=counter),
                Row("check", "tool", "s3drift check",
                    [ctx.s3drift, "check", "--state", state, "--endpoint-url", svc.proxy_url, "--format", "json"],
                    env=env, env_shown=shown, ok_codes=(2,) if data["drifted"] else (0,), requests=counter,
                    stdout=check_out),
            ]
            if peers:
                policy = os.path.join(work, "c7n-policy.yml")
                with open(policy, "w", encoding="utf-8") as f:
                    f.write(C7N_POLICY)
                c7n_env = aws_env({"AWS_ENDPOINT_URL": svc.proxy_url})
                c7n_out = os.path.join(work, "c7n-out")
                rows.append(Row(
                    "c7n", "peer", "Cloud Custodian aws.s3, encryption and public-block filters",
                    [custodian or "custodian", "run", "--cache-period", "0", "-s", c7n_out, "-r", "us-east-1",
                     policy], env=c7n_env,
                    env_shown={**shown, "AWS_ENDPOINT_URL": svc.proxy_url},
                    skipped=c7n_skip, requests=counter))
            # The floor replays s3drift's own requests, so it first needs one snapshot run.
            first = counter()
            run_once(rows[0].argv, env=env, cwd=ROOT)
            replay = [l.split("\t") for l in svc.log_lines()[first:]]
            listing = os.path.join(work, "requests.txt")
            with open(listing, "w", encoding="utf-8") as f:
                for fields in replay:
                    f.write(f"{fields[1]} {fields[2]}\n")
            # Two concurrencies: the server may serve fewer requests a second with more in
            # flight, and the floor is the better of the two.
            for n in floors:
                rows.append(Row(f"load{n}", "floor", f"the same requests from a bare load generator, {n} in flight",
                                [ctx.floor, "requests", "--target", f"127.0.0.1:{svc.proxy_port}", "--list",
                                 listing, "--concurrency", str(n)], requests=counter))
            group = measure(ctx, gid, f"Live scan: {buckets:,} buckets in one moto server behind "
                            f"{ctx.args.latency_ms} ms of added latency", rows,
                            {"buckets": buckets, "latency_ms": ctx.args.latency_ms, "generate": data["command"],
                             "warm_up_requests": len(replay)})
            for row in group["rows"]:
                m = row.get("median")
                if m and m.get("requests"):
                    row["cpu_ms_per_request"] = round(m["cpu_s"] * 1000 / m["requests"], 3)
            with open(snap_out, encoding="utf-8") as f:
                snap = json.load(f)
            ctx.checks.append({"check": f"the live snapshot ({gid}) has every bucket", "expected": buckets,
                               "actual": len(snap["buckets"]), "ok": len(snap["buckets"]) == buckets})
            if os.path.exists(check_out):
                with open(check_out, encoding="utf-8") as f:
                    found = {x["bucket"] for x in json.load(f)["findings"] if x.get("kind") != "signal"}
                ctx.checks.append({"check": f"the live check ({gid}) finds exactly the drifted buckets",
                                   "expected": len(data["drifted_buckets"]), "actual": len(found),
                                   "ok": found == set(data["drifted_buckets"])})
            return group
    finally:
        shutil.rmtree(work, ignore_errors=True)


def group_live_throttle(ctx, buckets, share, gid="live-throttle"):
    """The same fleet scanned by s3drift and Cloud Custodian, each clean and through a proxy
    that answers `share` of all requests with 503 SlowDown (one seeded generator, so both
    tools meet the same share of faults), interleaved in one run."""
    data, folder = fleet_data(ctx, buckets, ctx.sizes.get("live_drift"))
    state = os.path.join(folder, "state.tfstate")
    moto = install_moto(ROOT)
    ctx.tools.setdefault("moto", "moto[server]==5.1.22")
    custodian, c7n_skip = None, None
    try:
        custodian = install_c7n(WORK)
        ctx.tools.setdefault("c7n", version_of([custodian, "version"]))
    except Unavailable as e:
        c7n_skip = skip_or_fail(ctx, "Cloud Custodian", str(e))
    work = tempfile.mkdtemp(prefix=f"{gid}-", dir=WORK)
    pct = f"{share:.0%}"
    try:
        with Services(ROOT, work, ctx.proxy, ctx.args.latency_ms) as svc:
            svc.start_moto(moto)
            ctx.note(f"creating {buckets:,} buckets in moto")
            svc.setup_fleet(moto, os.path.join(folder, "live.jsonl"))
            svc.start_proxy()
            faulty_port, faulty_log = svc.start_faulty_proxy(share, seed=14)
            clean_url, faulty_url = svc.proxy_url, f"http://127.0.0.1:{faulty_port}"
            ctx.placeholders[clean_url] = "http://127.0.0.1:PROXY"
            ctx.placeholders[faulty_url] = "http://127.0.0.1:SLOWDOWN_PROXY"
            ctx.placeholders[work] = "WORK"
            env = aws_env()
            shown = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

            def counter_of(log_path):
                def lines():
                    with open(log_path, encoding="utf-8") as f:
                        return f.read().splitlines()

                def counter(before=None):
                    if before is None:
                        return len(lines())
                    new = lines()[before:]
                    throttled = sum(1 for l in new if l.split("\t")[3] == "503")
                    return {"requests": len(new), "throttled": throttled}

                return counter

            policy = os.path.join(work, "c7n-policy.yml")
            with open(policy, "w", encoding="utf-8") as f:
                f.write(C7N_POLICY)
            drift_codes = (2,) if data["drifted"] else (0,)
            rows, outs = [], {}
            for rid, url, log in (("clean", clean_url, svc.log_path), ("slowdown", faulty_url, faulty_log)):
                what = "clean" if rid == "clean" else f"{pct} SlowDown"
                outs[rid] = os.path.join(work, f"check-{rid}.json")
                rows.append(Row(f"check-{rid}", "tool", f"s3drift check, {what}",
                                [ctx.s3drift, "check", "--state", state, "--endpoint-url", url, "--format", "json"],
                                env=env, env_shown=shown, ok_codes=drift_codes, requests=counter_of(log),
                                stdout=outs[rid]))
                # Custodian exits 2 when a policy fails ("The following policies had errors");
                # under faults that is a result too, recorded with its exit code.
                rows.append(Row(f"c7n-{rid}", "peer",
                                f"Cloud Custodian aws.s3, encryption and public-block filters, {what}",
                                [custodian or "custodian", "run", "--cache-period", "0", "-s",
                                 os.path.join(work, f"c7n-{rid}"), "-r", "us-east-1", policy],
                                env=aws_env({"AWS_ENDPOINT_URL": url}),
                                env_shown={**shown, "AWS_ENDPOINT_URL": url},
                                ok_codes=(0,) if rid == "clean" else (0, 1, 2),
                                skipped=c7n_skip, requests=counter_of(log)))
            group = measure(ctx, gid, f"Live scan under S3 SlowDown: {buckets:,} buckets in one moto server "
                            f"behind {ctx.args.latency_ms} ms, clean and with {pct} of all requests "
                            f"answered 503 SlowDown", rows,
                            {"buckets": buckets, "latency_ms": ctx.args.latency_ms, "slowdown": share,
                             "generate": data["command"]})
            findings = {}
            for rid, path in outs.items():
                with open(path, encoding="utf-8") as f:
                    report = json.load(f)
                findings[rid] = json.dumps(report["findings"], sort_keys=True)
                unreadable = sum(1 for x in report["findings"] if x.get("kind") == "unreadable")
                group.setdefault("outcomes", {})[f"check-{rid}"] = {
                    "findings": len(report["findings"]), "unreadable": unreadable}
            ctx.checks.append({"check": f"s3drift's findings under {pct} SlowDown ({gid}) equal the clean run's",
                               "expected": True, "actual": findings["clean"] == findings["slowdown"],
                               "ok": findings["clean"] == findings["slowdown"]})
            if not c7n_skip:
                for rid in ("clean", "slowdown"):
                    out = os.path.join(work, f"c7n-{rid}", "s3-encryption-and-public-access-block")
                    res = os.path.join(out, "resources.json")
                    found = None
                    if os.path.exists(res):
                        with open(res, encoding="utf-8") as f:
                            found = len(json.load(f))
                    log_tail = ""
                    log = os.path.join(out, "custodian-run.log")
                    if os.path.exists(log):
                        with open(log, encoding="utf-8", errors="replace") as f:
                            errors = [l.strip() for l in f if "Error" in l or "error" in l]
                        log_tail = errors[-1][-300:] if errors else ""
                    group.setdefault("outcomes", {})[f"c7n-{rid}"] = {
                        "resources": found, "last_error": log_tail}
            return group
    finally:
        shutil.rmtree(work, ignore_errors=True)


def group_misc(ctx):
    demo = [ctx.s3drift, "check", "--state", "fixtures/demo/terraform.tfstate", "--snapshot",
            "fixtures/demo/live.json", "--cloudtrail", "fixtures/demo/cloudtrail", "--format", "text"]
    measure(ctx, "demo", "The demo (README quick start)",
            [Row("s3drift", "tool", "s3drift check on the demo", demo, ok_codes=(2,))])
    startup_runs = ctx.runs if ctx.mode == "smoke" else max(ctx.runs, 10)
    rows = [
        Row("s3drift", "tool", "s3drift --version", [ctx.s3drift, "--version"], runs=startup_runs),
        Row("jq", "peer", "jq --version", ["jq", "--version"], runs=startup_runs,
            skipped=None if have(ctx, "jq") else skip_or_fail(ctx, "jq", "not on PATH")),
    ]
    custodian = os.path.join(WORK, "c7n-venv", "bin", "custodian")
    rows.append(Row("c7n", "peer", "custodian version", [custodian, "version"], runs=startup_runs,
                    skipped=None if os.access(custodian, os.X_OK) else "Cloud Custodian is not installed"))
    measure(ctx, "startup", "Start-up", rows)
    # Sizes: the binary as built, and what stripping it would leave.
    size = os.path.getsize(ctx.s3drift)
    stripped = None
    if shutil.which("strip"):
        with tempfile.NamedTemporaryFile(dir=WORK) as t:
            if subprocess.run(["strip", "-o", t.name, ctx.s3drift]).returncode == 0:
                stripped = os.path.getsize(t.name)
    c7n_site = os.path.join(WORK, "c7n-venv", "lib")
    c7n_size = dir_size(c7n_site) if os.path.isdir(c7n_site) else None
    ctx.groups.append({
        "id": "size", "title": "Binary size",
        "rows": [
            {"id": "s3drift", "role": "tool", "label": f"target/{ctx.profile}/s3drift", "bytes": size,
             "command": f"cargo build {'--release ' if ctx.profile == 'release' else ''}--locked && "
                        f"stat -c %s target/{ctx.profile}/s3drift"},
            {"id": "stripped", "role": "tool", "label": "the same binary, stripped (strip -o)", "bytes": stripped,
             "command": f"strip -o /tmp/s3drift target/{ctx.profile}/s3drift"},
            {"id": "c7n", "role": "peer", "label": f"Cloud Custodian's venv (c7n and its dependencies)",
             "bytes": c7n_size, "command": "du -sb target/bench/c7n-venv/lib"},
        ],
    })


def dir_size(folder):
    total = 0
    for base, _, files in os.walk(folder):
        for name in files:
            p = os.path.join(base, name)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


# --- scale ------------------------------------------------------------------------------


def scale(ctx, groups):
    """Growth rows for the groups asked for (`--groups`: state, trail, live)."""
    for n in SCALE["buckets"] if "state" in groups else []:
        data, folder = fleet_data(ctx, n)
        state, snap = os.path.join(folder, "state.tfstate"), os.path.join(folder, "snapshot.json")
        measure(ctx, f"scale-state-{n}", f"{n:,} buckets ({data['state']['bytes'] / 1e6:.1f} MB state)", [
            Row("tree", "tool", "s3drift tree", [ctx.s3drift, "tree", "--state", state]),
            Row("check", "tool", "s3drift check --snapshot",
                [ctx.s3drift, "check", "--state", state, "--snapshot", snap, "--format", "json"], ok_codes=(2,)),
        ], {"buckets": n, "bytes": data["state"]["bytes"], "generate": data["command"]})
    for g in SCALE["trail_gib"] if "trail" in groups else []:
        data, folder = trail_data(ctx, SIZES["full"]["buckets"], g * GIB)
        rows = [r for r in trail_rows(ctx, folder, data["trail"]["start"], with_jq=False)]
        measure(ctx, f"scale-trail-{g}", f"{g} GiB of trail ({data['trail']['files']:,} files)", rows,
                {"gib": g, "data": data["trail"], "generate": data["command"]})
    live = SCALE["live_buckets"] + ([10_000] if ctx.args.live_10k else [])
    for n in live if "live" in groups else []:
        group_live(ctx, n, gid=f"scale-live-{n}", peers=False, floors=(32,))


# --- main -------------------------------------------------------------------------------


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="benches/bench",
        description="Measures s3drift against its peers and floors in the same run (see BENCHMARKS.md).",
    )
    p.add_argument("--smoke", action="store_true", help="tiny sizes, one run, every row (CI)")
    p.add_argument("--scale", action="store_true", help="growth: 100/1,000/10,000 buckets, 1/2/4 GiB of trail")
    p.add_argument("--live-10k", action="store_true", help="with --scale: also scan 10,000 live buckets")
    p.add_argument("--runs", type=int, help="runs per row (median reported); default 3, smoke 1")
    p.add_argument("--groups", default="state,trail,live,e2e,misc",
                   help="comma-separated: state, trail, live, e2e, misc, live-throttle (default all "
                        "but live-throttle)")
    p.add_argument("--throttle-buckets", type=int, default=300,
                   help="live-throttle: buckets in the fleet (default 300)")
    p.add_argument("--slowdown", type=float, default=0.3,
                   help="live-throttle: share of requests answered 503 SlowDown (default 0.3)")
    p.add_argument("--profile", help="cargo profile to measure (default release; smoke: debug)")
    p.add_argument("--no-build", action="store_true", help="use the binaries already built")
    p.add_argument("--latency-ms", type=int, default=25, help="latency the proxy adds (default 25)")
    p.add_argument("--out", help="the JSON result file (default target/bench/results/<mode>-<time>.json)")
    p.add_argument("--markdown", action="store_true", help="also print the Markdown tables")
    args = p.parse_args(argv)
    groups = [g.strip() for g in args.groups.split(",") if g.strip()]
    if args.live_10k and "live" not in groups:
        p.error("--live-10k scans live buckets: it needs `live` in --groups")
    ctx = Ctx(args)
    os.makedirs(WORK, exist_ok=True)
    build(ctx)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = machine.load()
    try:
        if ctx.mode == "scale":
            scale(ctx, groups)
        else:
            if "state" in groups:
                group_state(ctx, ctx.sizes["buckets"])
            if "trail" in groups:
                group_trail(ctx, ctx.sizes["trail_bytes"])
            if "live" in groups:
                group_live(ctx, ctx.sizes["live_buckets"])
            if "e2e" in groups:
                group_e2e(ctx)
            if "misc" in groups:
                group_misc(ctx)
            if "live-throttle" in groups:
                group_live_throttle(ctx, args.throttle_buckets, args.slowdown)
    except Failed as e:
        raise SystemExit(f"bench: {e}")
    result = {
        "schema": "s3drift/bench",
        "version": 1,
        "mode": ctx.mode,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["benches/bench"] + (argv if argv is not None else sys.argv[1:])),
        "runs": ctx.runs,
        "profile": ctx.profile,
        "machine": {**machine.describe(ROOT), "load_before": load_before, "load_after": machine.load()},
        "tools": {"s3drift": version_of([ctx.s3drift, "--version"]), **ctx.tools},
        "groups": ctx.groups,
        "checks": ctx.checks,
    }
    out = args.out or os.path.join(WORK, "results", f"{ctx.mode}-{started.strftime('%Y%m%dT%H%M%SZ')}.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    ctx.note(f"wrote {ctx.rel(os.path.abspath(out))}")
    if args.markdown:
        print(render.render(result))
    failed = [c for c in ctx.checks if not c["ok"]]
    for c in failed:
        ctx.note(f"check failed: {c['check']}: expected {c['expected']}, got {c['actual']}")
    return 1 if failed else 0
