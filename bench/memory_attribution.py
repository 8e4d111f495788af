#!/usr/bin/env python3
"""Where a tool's extra peak RSS under the agent goes: the same tools and variants as
real_tools.py, each run with Native Memory Tracking (summary, printed at exit), the GC log and a
measuring agent (bench/noop-agent/RssProbeAgent.java, added to every variant) that prints, at exit,
the resident memory of the process's mappings by kind (Java heap, malloc arenas, thread stacks,
libraries, other anonymous memory). Variants alternate; reported as medians and paired same-round
differences against the first variant (normally the no-op agent).

Rows: peak RSS (os.wait4), VmHWM/RssAnon at exit, map.* (resident KiB by kind), young GCs, and every
NMT category whose committed memory (or malloc/arena peak) differs by 100 KiB or more. NMT's own
bookkeeping is in every variant; its "Native Memory Tracking" row is that cost.

Usage: bench/memory_attribution.sh --tool checkstyle|mvn|hello [--runs 5] [--java JAVA_HOME]
         [--variants noop,enabled-api,before-api --before-agent OLD.jar] [--no-nmt]
"""
import argparse, os, re, shutil, statistics, sys, threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import real_tools  # noqa: E402

NMT = ["-XX:NativeMemoryTracking=summary", "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintNMTStatistics"]


def kib(number, unit):
    return int(number) if unit else int(number) / 1024  # NMT prints KB with a scale, bytes without


def parse(text):
    rows = {}
    for block in re.split(r"\n-\s+", text)[1:]:
        m = re.match(r"([A-Za-z ]+?) \(reserved=(\d+)(KB)?, committed=(\d+)(KB)?\)", block)
        if not m:
            continue
        name = "nmt " + m.group(1).strip()
        rows[name] = kib(m.group(4), m.group(5))
        for p in re.finditer(r"\((malloc|arena)=(\d+)(KB)? #\d+\)(?: \(peak=(\d+)(KB)? #\d+\))?", block):
            if p.group(4):
                rows[f"{name} {p.group(1)} peak"] = kib(p.group(4), p.group(5))
    m = re.search(r"Total: reserved=\d+(KB)?, committed=(\d+)(KB)?", text)
    if m:
        rows["nmt Total"] = kib(m.group(2), m.group(3))
    m = re.search(r"RSSPROBE(.*)", text)
    if m:
        for key, value in re.findall(r"([\w.]+):(\d+)", m.group(1)):
            rows["exit " + key] = int(value)
    rows["young GCs (count)"] = len(re.findall(r"Pause Young", text))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", default="checkstyle")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="noop,enabled-api")
    parser.add_argument("--before-agent")
    parser.add_argument("--no-nmt", action="store_true")
    args = parser.parse_args()
    benchlib.require_built()
    chosen = args.variants.split(",")
    work = benchlib.temp_work("gta-memattr-")
    collector = benchlib.LoopbackCollector()
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        command, cwd, maven_opts = real_tools.make_tool(args.tool, args.java, work)
        probe = "-javaagent:" + benchlib.build_noop_agent(args.java, work, "RssProbeAgent")
        common = [probe, "-Xlog:gc:stdout"] + ([] if args.no_nmt else NMT)
        api = {"GATSBY_TELEMETRY_API": f"http://127.0.0.1:{collector.server_address[1]}/v1/events"}
        agents = {"noop": "-javaagent:" + benchlib.build_noop_agent(args.java, work),
                  "enabled": "-javaagent:" + benchlib.AGENT, "before": "-javaagent:" + str(args.before_agent)}
        env0 = real_tools.tool_environment(args.tool, args.java, work)
        variants = {}
        for name in chosen:
            base, _, suffix = name.partition("-")
            variants[name] = real_tools.variant_run(command, maven_opts, env0, work, name, [agents[base]] + common,
                                                    api if suffix == "api" else {})
        samples = {n: [] for n in chosen}
        load_before = benchlib.loadavg()
        for round_ in range(args.runs + 1):
            for name in (chosen if round_ % 2 == 0 else list(reversed(chosen))):
                cmd, env = variants[name]
                out = os.path.join(work, "out.txt")
                with open(out, "w") as f:
                    _, _, rss, code, err = benchlib.run_measured(cmd, cwd, env, stdout=f)
                if code != 0:
                    sys.exit(f"{name} failed ({code}): {err.decode(errors='replace')[-2000:]}")
                if round_ == 0:
                    continue
                with open(out) as f:
                    rows = parse(f.read())
                rows["peak RSS (wait4)"] = rss * 1024
                samples[name].append(rows)
        print(f"{args.tool}, {args.runs} alternating runs, {benchlib.java_version(os.path.join(args.java, 'bin/java'))}, "
              f"loadavg before {load_before}, after {benchlib.loadavg()}; KiB unless said")
        first = chosen[0]
        keys = sorted({k for n in chosen for s in samples[n] for k in s})
        print("%-34s" % "row" + "".join("%14s" % n for n in chosen)
              + "".join("%18s" % ("paired " + n) for n in chosen[1:]))
        for key in keys:
            medians = [statistics.median(s.get(key, 0) for s in samples[n]) for n in chosen]
            paired = [statistics.median(s.get(key, 0) - b.get(key, 0) for s, b in zip(samples[n], samples[first]))
                      for n in chosen[1:]]
            if key.startswith("nmt") and key != "nmt Total" and max([abs(p) for p in paired] + [0]) < 100:
                continue
            print("%-34s" % key + "".join("%14.0f" % m for m in medians) + "".join("%+18.0f" % p for p in paired))
    finally:
        collector.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
