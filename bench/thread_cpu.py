#!/usr/bin/env python3
"""CPU per thread of one `sitegen` command, several agent jars side by side: where an agent's cost
lands (the main thread, the agent's recorder thread, the JIT compiler threads, GC), which the
whole-process CPU of side_by_side.py cannot tell apart.

While the JVM runs, /proc/<pid>/task/*/schedstat (nanoseconds on CPU) is polled every 0.5 ms and
each thread's last reading is kept; threads are grouped by name with trailing numbers dropped
(`C2 CompilerThre`, `GC Thread#`; names are cut at 15 characters by the kernel). A thread that lives
less than one poll is missed, and each thread's last ~0.5 ms is lost: the same for every variant.
The poller runs on the same cores: compare variants of one invocation, not across invocations.
Linux only.

Usage: bench/thread_cpu.py [--runs N] [--command build] NAME=JAR ...
  e.g. bench/thread_cpu.py --runs 10 --command=--version this=agent/target/gatsby-telemetry-agent.jar \\
           base=/work/wt/_shared/base-398ae3b.jar f717=/work/wt/_shared/base-f717c2a.jar
A no-op agent is always the first variant. Each variant has its own config directory, warmed by two runs.
"""
import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import time

import benchlib


def run_once(cmd, env, cwd):
    process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    last, names = {}, {}
    tasks = f"/proc/{process.pid}/task"
    while process.poll() is None:
        try:
            for tid in os.listdir(tasks):
                try:
                    with open(f"{tasks}/{tid}/schedstat") as f:
                        ns = int(f.read().split()[0])
                    if tid not in names or ns - last.get(tid, 0) > 2_000_000:
                        with open(f"{tasks}/{tid}/comm") as f:  # a thread may be renamed after it starts
                            names[tid] = f.read().strip()
                    last[tid] = ns
                except (OSError, ValueError, IndexError):
                    pass
        except OSError:
            pass
        time.sleep(0.0005)
    per_name = collections.Counter()
    for tid, ns in last.items():
        per_name[re.sub(r"#?\d+$", "#", names.get(tid, "?"))] += ns / 1e6
    return per_name


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--java", default=os.environ.get("JAVA_HOME"))
    parser.add_argument("--command", default="--version")
    parser.add_argument("agents", nargs="+", help="NAME=JAR")
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin", "java") if args.java else "java"
    java_home = args.java or os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("java"))))
    work = benchlib.temp_work("gta-threads-")
    try:
        variants = [("noop", benchlib.build_noop_agent(java_home, work))]
        variants += [(spec.split("=", 1)[0], os.path.abspath(spec.split("=", 1)[1])) for spec in args.agents]
        site = benchlib.make_site(java, work, args.pages)
        envs = {}
        for name, _ in variants:
            env = benchlib.base_env(work)
            env["HOME"] = os.path.join(work, "home-" + name)
            env["XDG_CONFIG_HOME"] = os.path.join(work, "config-" + name)
            env["GATSBY_TELEMETRY_STAGES"] = benchlib.STAGES
            envs[name] = env

        def command(jar):
            return [java, "-javaagent:" + jar, "-jar", benchlib.APP] + args.command.split()

        for name, jar in variants:
            for _ in range(2):
                run_once(command(jar), envs[name], site)
        results = {name: [] for name, _ in variants}
        before = benchlib.loadavg()
        for r in range(args.runs):
            for name, jar in (variants if r % 2 == 0 else list(reversed(variants))):
                results[name].append(run_once(command(jar), envs[name], site))
        print(f"{args.runs} alternating runs of `sitegen {args.command}` per variant, "
              f"{benchlib.java_version(java)}; load {before} -> {benchlib.loadavg()}")
        print("median CPU per thread name (ms)")
        first = variants[1][0] if len(variants) > 1 else variants[0][0]
        threads = sorted({t for rs in results.values() for r in rs for t in r},
                         key=lambda t: -statistics.median([r.get(t, 0) for r in results[first]]))
        print(f"{'thread':18s}" + "".join(f"{name:>12s}" for name, _ in variants))
        for thread in threads:
            medians = [statistics.median([r.get(thread, 0) for r in results[name]]) for name, _ in variants]
            if max(medians) >= 0.3:
                print(f"{thread:18s}" + "".join(f"{m:12.1f}" for m in medians))
        print(f"{'all threads':18s}" + "".join(
            f"{statistics.median([sum(r.values()) for r in results[name]]):12.1f}" for name, _ in variants))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
