#!/usr/bin/env python3
"""Spool-size benchmark: what a quiet run (within the send interval, so it only appends to the spool)
costs when the spool already holds N batch files, as a developer's does between two deliveries
(a file or two per run; the bound is 1,000 files).

Variants, run alternately: `none` (no agent) and one agent variant per N in --files, each with its
own config directory whose spool is topped up to N files of one event before every run (the files'
names are what the agent writes; they are newer than the age bound). Every agent variant sends once
in its warm-up run, so the measured runs fall within the 60-minute send interval and only spool.
Reports wall and CPU medians and paired differences against `none`.

Usage: bench/spool_size.sh [--runs N] [--command --version] [--files 0,100,900,1000] [--java JAVA_HOME]
"""
import argparse, os, random, resource, shutil, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


BODY = b'[{"eventType":"X","eventId":"00000000-0000-4000-8000-000000000000"}]'


def top_up(spool, n):
    if n == 0:  # the empty-spool baseline stays empty
        for f in os.listdir(spool):
            if f.startswith("batch-"):
                os.remove(os.path.join(spool, f))
        return
    have = sum(1 for f in os.listdir(spool) if f.startswith("batch-"))
    now = int(time.time() * 1000)
    for i in range(have, n):
        name = "batch-%013d-%06d-%016x-n1.json" % (now - 1000 - i, i % 1000000, random.getrandbits(64))
        with open(os.path.join(spool, name), "wb") as f:
            f.write(BODY)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--command", default="--version")
    parser.add_argument("--files", default="0,100,900,1000")
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    work = benchlib.temp_work("gta-spool-")
    collector = benchlib.LoopbackCollector()
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        site = benchlib.make_site(java, work, args.pages)
        env0 = benchlib.base_env(work)
        url = f"http://127.0.0.1:{collector.server_address[1]}/v1/events"
        agent = [java, "-javaagent:" + benchlib.AGENT, "-jar", benchlib.APP, args.command]
        variants = {"none": ([java, "-jar", benchlib.APP, args.command], env0, None)}
        for n in (int(x) for x in args.files.split(",")):
            config = os.path.join(work, f"config-{n}")
            env = {**env0, "XDG_CONFIG_HOME": config, "GATSBY_TELEMETRY_API": url,
                   "GATSBY_TELEMETRY_STAGES": benchlib.STAGES}
            variants[f"{n} files"] = (agent, env, (os.path.join(config, "gatsby-telemetry-agent", "events"), n))
        for cmd, env, _ in variants.values():  # the first run sends: later runs are quiet
            subprocess.run(cmd, cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = {name: [] for name in variants}
        cpu = {name: [] for name in variants}
        load_before = benchlib.loadavg()
        for i in range(args.runs):
            names = list(variants) if i % 2 == 0 else list(reversed(variants))
            for name in names:
                cmd, env, spool = variants[name]
                if spool is not None:
                    top_up(*spool)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(cmd, cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall[name].append((time.perf_counter() - start) * 1000)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
        print(f"sitegen {args.command}, quiet runs with a collector, {args.runs} alternating runs each, "
              f"{benchlib.java_version(java)}, loadavg before {load_before}, after {benchlib.loadavg()}; "
              f"the collector received {collector.posts} POSTs (the warm-up runs)")
        benchlib.report("wall time", wall, ["none"])
        benchlib.report("CPU time (user+sys, all threads)", cpu, ["none"])
    finally:
        collector.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
