"""Turns a result file into the Markdown tables of BENCHMARKS.md."""

import json
import re


def secs(x):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f} s"
    if x >= 10:
        return f"{x:.1f} s"
    if x >= 0.1:
        return f"{x:.2f} s"
    return f"{x * 1000:.1f} ms"


def cpu(x):
    """CPU time; GNU time counts it in 10 ms steps."""
    return "< 10 ms" if x == 0 else secs(x)


def mib(x):
    return "—" if x is None else f"{x:,.0f} MiB" if x >= 10 else f"{x:.1f} MiB"


def size(b):
    if b is None:
        return "—"
    return f"{b / 1e6:,.1f} MB"


def ratio(x):
    if x is None:
        return "—"
    return f"{x:.2f}×" if x >= 0.1 else f"{x:.2g}×"


def machine_line(r):
    m = r["machine"]
    dirty = " (uncommitted changes)" if m.get("dirty") else ""
    load = ""
    if m.get("load_before") and m.get("load_after"):
        load = f"; load average {m['load_before'][0]} before, {m['load_after'][0]} after"
    return (
        f"{m.get('cpus')} × {m.get('cpu_model')}, {m.get('memory_gib')} GiB, Linux {m.get('kernel')}; "
        f"commit `{(m.get('commit') or '')[:12]}`{dirty}; {r['profile']} build; "
        f"{r['started'][:16].replace('T', ' ')} UTC; medians of {r['runs']} run(s){load}"
    )


def cell(text):
    """Table cell text: a `|` ends a cell even inside a code span (GFM), so it is escaped."""
    return text.replace("|", "\\|")


def code(text):
    return cell(f"`{text}`")


def wall_cell(row):
    m, lo, hi = row["median"], row["min"], row["max"]
    if row.get("samples") and len(row["samples"]) > 1:
        return f"{secs(m['wall_s'])} ({secs(lo['wall_s'])}–{secs(hi['wall_s'])})"
    return secs(m["wall_s"])


def ratio_cell(row, rows, role):
    parts = []
    for other in rows:
        if other["role"] != role or other["id"] not in row.get("ratios", {}):
            continue
        r = row["ratios"][other["id"]]
        text = f"{ratio(r.get('wall_s'))} {other['id']}"
        if r.get("cpu_s") is not None:
            text += f" (CPU {ratio(r['cpu_s'])})"
        parts.append(text)
    return "; ".join(parts) or "—"


def timed_table(group):
    rows = group["rows"]
    live = any(r.get("median", {}).get("requests") for r in rows)
    head = ["", "wall (median, min–max)", "CPU (user+sys)", "peak RSS"]
    if live:
        head += ["requests / bucket", "client CPU / request"]
    head += ["vs peer", "vs floor", "command"]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|"]
    for row in rows:
        name = cell(f"**{row['label']}**" if row["role"] == "tool" else f"{row['role']}: {row['label']}")
        if row.get("skipped"):
            cells = [name, cell(f"skipped: {row['skipped']}")] + [""] * (len(head) - 3) + [code(row["command"])]
        else:
            m = row["median"]
            cells = [name, wall_cell(row), cpu(m.get("cpu_s")), mib(m.get("rss_mib"))]
            if live:
                rpb = m.get("requests_per_bucket")
                cells += [
                    "—" if rpb is None else f"{rpb:g}",
                    "—" if row.get("cpu_ms_per_request") is None else f"{row['cpu_ms_per_request']:.2f} ms",
                ]
            if row["role"] == "tool":
                cells += [ratio_cell(row, rows, "peer"), ratio_cell(row, rows, "floor")]
            else:
                cells += ["", ""]
            cells.append(code(row["command"]))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def size_table(group):
    out = ["| | size | how |", "|---|---:|---|"]
    for row in group["rows"]:
        out.append(f"| {cell(row['label'])} | {size(row.get('bytes'))} | {code(row['command'])} |")
    return "\n".join(out)


def generate_note(info):
    gen = info.get("generate") if info else None
    if not gen:
        return ""
    gens = gen if isinstance(gen, list) else [gen]
    return "Inputs: " + "; ".join(f"`{g}`" for g in gens) + " (the harness generates and caches them).\n"


def render(result):
    out = [f"Machine: {machine_line(result)}.", ""]
    out.append(f"Reproduce: `{result['command']}` (result file schema `{result['schema']}` v{result['version']}).")
    out.append("")
    for group in result["groups"]:
        out.append(f"#### {group['title']}")
        out.append("")
        out.append(size_table(group) if group["id"] == "size" else timed_table(group))
        out.append("")
        note = generate_note(group.get("info"))
        if note:
            out.append(note)
    if result.get("checks"):
        out.append("Checks on the outputs: " + "; ".join(
            f"{c['check']}: {'ok' if c['ok'] else 'FAILED'} ({c['actual']}/{c['expected']}"
            + (f"; {c['note']}" if c.get("note") else "") + ")"
            for c in result["checks"]) + ".")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_scale(result):
    """Growth tables: one line per size, for each measured command."""
    out = [f"Machine: {machine_line(result)}.", "", f"Reproduce: `{result['command']}`.", ""]
    series = {}
    for g in result["groups"]:
        kind = g["id"].rsplit("-", 1)[0]
        for row in g["rows"]:
            if "median" in row:
                series.setdefault((kind, row["label"]), []).append((g, row))
    units = {
        "scale-state": ("buckets", "per 1,000 buckets", 1000),
        "scale-live": ("buckets", "per 1,000 buckets", 1000),
        "scale-trail": ("GiB", "per GiB", 1),
    }
    titles = {"scale-state": "state and snapshot", "scale-live": "live scan", "scale-trail": "CloudTrail"}
    for (kind, label), items in series.items():
        unit, per, scale = units.get(kind, ("", "", 1))
        live = any(row["median"].get("requests_per_bucket") is not None for _, row in items)
        sized = kind != "scale-live"
        out.append(f"#### {titles.get(kind, kind)}: {cell(label)}")
        out.append("")
        head = [unit] + (["input"] if sized else []) + ["wall", "CPU (user+sys)", f"CPU {per}", "peak RSS"]
        head += ["requests / bucket"] if live else []
        out.append("| " + " | ".join(head + ["command"]) + " |")
        out.append("|" + "|".join(["---:"] * len(head) + ["---"]) + "|")
        for g, row in items:
            info = g.get("info", {})
            n = info.get("buckets") or info.get("gib")
            m = row["median"]
            per_unit = m["cpu_s"] / (n / scale) if n else None
            cells = [f"{n:,}"]
            if sized:
                cells.append(size(info.get("bytes") or (info.get("data") or {}).get("bytes")))
            cells += [secs(m["wall_s"]), cpu(m["cpu_s"]), cpu(per_unit), mib(m["rss_mib"])]
            if live:
                rpb = m.get("requests_per_bucket")
                cells.append("—" if rpb is None else f"{rpb:g}")
            out.append("| " + " | ".join(cells + [code(row["command"])]) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def update(markdown_path, result):
    """Replaces the block between `<!-- bench:<mode>:start -->` and `<!-- bench:<mode>:end -->`."""
    mode = result["mode"]
    body = render_scale(result) if mode == "scale" else render(result)
    with open(markdown_path, encoding="utf-8") as f:
        text = f.read()
    start, end = f"<!-- bench:{mode}:start -->", f"<!-- bench:{mode}:end -->"
    block = f"{start}\n{body}{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"render: {markdown_path} has no {start} … {end} block")
    with open(markdown_path, "w", encoding="utf-8") as f:
        f.write(pattern.sub(lambda _: block, text))


def main(argv):
    import argparse

    p = argparse.ArgumentParser(prog="benches/bench render", description="Result file → Markdown.")
    p.add_argument("result")
    p.add_argument("--update", metavar="MARKDOWN", help="replace this file's bench block instead of printing")
    args = p.parse_args(argv)
    with open(args.result, encoding="utf-8") as f:
        result = json.load(f)
    if args.update:
        update(args.update, result)
    else:
        print(render_scale(result) if result["mode"] == "scale" else render(result), end="")
    return 0
