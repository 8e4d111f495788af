#!/usr/bin/env python3
"""The tool's young GCs, one by one, with and without the agent: for each run, every young GC's eden
regions before it and G1's eden target after it, the bytes it copied (survivor and old PLABs and
direct copies, from -Xlog:gc+plab=debug) and its pause; and, from a measuring agent placed after
the agent under test (bench/noop-agent/ThreadAllocationProbe.java), the bytes and CPU the main thread
had used by the end of the agents' premain, and each agent thread's allocation and CPU at exit.

G1 sizes the young generation from predicted pause times, which in a short tool rest on its first
few GCs; an agent moves those GCs (everything it allocates fills eden sooner) and may change what
they copy. `garbageN` variants are the no-op agent allocating N KiB of garbage in premain
(bench/noop-agent/GarbageAgent.java): the same move with nothing else of the agent (no thread, no
CPU, nothing kept), so comparing them with the agent separates the two.

Usage: bench/gc_sequence.py --tool checkstyle|mvn|hello [--runs 6] [--java JAVA_HOME]
         [--variants noop,garbage512,garbage3072,enabled-api,before-api] [--before-agent OLD.jar]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import real_tools  # noqa: E402


def parse_gc_log(path):
    """[(eden before, eden target after, copied bytes, pause ms)] per young GC, in order."""
    gcs = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"GC\((\d+)\)", line)
            if not m:
                continue
            g = gcs.setdefault(int(m.group(1)), {"copied": 0})
            e = re.search(r"Eden regions: (\d+)->\d+\((\d+)\)", line)
            if e:
                g["eden"], g["target"] = int(e.group(1)), int(e.group(2))
            elif "PLAB allocation: allocated" in line:
                g["copied"] += int(re.search(r"used: (\d+)B", line).group(1))
            elif "other allocation" in line:
                g["copied"] += int(re.search(r"direct allocated: (\d+)B", line).group(1))
            p = re.search(r"Pause Young.* (\d+)M->\d+M\(\d+M\) ([\d.]+)ms", line)
            if p:
                g["pause"] = float(p.group(2))
    return [(g.get("eden", 0), g.get("target", 0), g["copied"], g.get("pause", 0.0))
            for _, g in sorted(gcs.items()) if "pause" in g]


def parse_probe(text):
    m = re.search(r"ALLOCPROBE (.*)", text)
    return {k: (int(a), int(c)) for k, a, c in re.findall(r"(\S+)=(\d+)/(\d+)", m.group(1))} if m else {}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", default="checkstyle")
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="noop,garbage3072,enabled-api")
    parser.add_argument("--before-agent")
    args = parser.parse_args()
    benchlib.require_built()
    chosen = args.variants.split(",")
    work = benchlib.temp_work("gta-gcseq-")
    collector = benchlib.LoopbackCollector()
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        command, cwd, maven_opts = real_tools.make_tool(args.tool, args.java, work)
        probe = "-javaagent:" + benchlib.build_noop_agent(args.java, work, "ThreadAllocationProbe")
        garbage = benchlib.build_noop_agent(args.java, work, "GarbageAgent")
        api = {"GATSBY_TELEMETRY_API": f"http://127.0.0.1:{collector.server_address[1]}/v1/events"}
        env0 = real_tools.tool_environment(args.tool, args.java, work)
        variants = {}
        for name in chosen:
            if name == "noop":
                agent, extra = "-javaagent:" + benchlib.build_noop_agent(args.java, work), {}
            elif name.startswith("garbage"):
                agent, extra = f"-javaagent:{garbage}={int(name[len('garbage'):])}", {}
            else:
                base, _, suffix = name.partition("-")
                jar = benchlib.AGENT if base == "enabled" else args.before_agent
                agent, extra = "-javaagent:" + str(jar), (api if suffix == "api" else {})
            log = os.path.join(work, f"gc-{name}.log")
            flags = [agent, probe, f"-Xlog:gc,gc+heap=info,gc+plab=debug:file={log}"]
            variants[name] = (*real_tools.variant_run(command, maven_opts, env0, work, name, flags, extra), log)
        results = {n: [] for n in chosen}
        load_before = benchlib.loadavg()
        for round_ in range(args.runs + 1):
            for name in (chosen if round_ % 2 == 0 else list(reversed(chosen))):
                cmd, env, log = variants[name]
                r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                if r.returncode != 0:
                    sys.exit(f"{name} failed ({r.returncode}): {r.stdout.decode(errors='replace')[-2000:]}")
                if round_ > 0:
                    results[name].append((parse_gc_log(log), parse_probe(r.stdout.decode(errors="replace"))))
        print(f"{args.tool}, {args.runs} alternating runs each, {benchlib.java_version(os.path.join(args.java, 'bin/java'))}, "
              f"loadavg before {load_before}, after {benchlib.loadavg()}")
        print("each young GC: eden regions before (G1's eden target after) copied MB pause ms")
        for name in chosen:
            print(f"  {name}")
            for gcs, _ in results[name]:
                print(f"    {len(gcs)} GCs: " + " | ".join(f"{e}({t}) {c / 1048576:.2f} {p:.0f}" for e, t, c, p in gcs))
        print("medians: young GCs, MB copied by GC(0), GC(1), GC(2); the probe's KiB/ms (main by the end of premain, "
              "main and agent threads at exit)")
        for name in chosen:
            runs = results[name]
            row = f"  {name:14} GCs {statistics.median(len(g) for g, _ in runs):.1f}  copied"
            for i in range(3):
                row += f" {statistics.median(g[i][2] for g, _ in runs if len(g) > i) / 1048576:.2f}" \
                    if any(len(g) > i for g, _ in runs) else " -"
            keys = sorted({k for _, p in runs for k in p}, key=lambda k: (k != "premain", k != "main", k))
            for k in keys:
                vals = [p[k] for _, p in runs if k in p]
                row += f"  {k} {statistics.median(v[0] for v in vals):.0f}/{statistics.median(v[1] for v in vals):.0f}"
            print(row)
        print(f"  the collector received {collector.posts} POSTs")
    finally:
        collector.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
