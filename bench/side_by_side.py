#!/usr/bin/env python3
"""Several agent jars side by side: CPU (user + sys of the child, all threads) and wall time of one
`sitegen` command per jar, run alternately (order reversed every other round), paired per round
against the no-op agent and against the first jar given. For throwaway builds with one feature
removed ("what does X cost?") and for baseline jars of earlier commits.

Usage: bench/side_by_side.py [--runs N] [--pages N] [--command "build"] NAME=JAR[|JVM_FLAG,JVM_FLAG] ...
  e.g. bench/side_by_side.py --runs 20 --command=--version head=agent/target/gatsby-telemetry-agent.jar \\
           f717=/work/wt/_shared/base-f717c2a.jar \\
           'head-noverify=agent/target/gatsby-telemetry-agent.jar|-XX:+UnlockDiagnosticVMOptions,-XX:-BytecodeVerificationRemote'
--noop-flags F,F adds a no-op agent variant run with those JVM flags (the floor for flagged variants).
Each variant has its own config directory (hooked-class cache, machine id), warmed by two runs.
"""
import argparse, os, shutil, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--command", default="build")
    parser.add_argument("--noop-flags", default=None)
    parser.add_argument("agents", nargs="+", help="NAME=JAR[|FLAG,FLAG]")
    args = parser.parse_args()
    java = os.path.join(args.java, "bin/java")
    work = benchlib.temp_work("gta-side-")
    try:
        run(args, java, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, java, work):
    noop = benchlib.build_noop_agent(args.java, work)
    site = benchlib.make_site(java, work, args.pages)
    variants = [("noop", noop, [])]
    for spec in args.agents:
        name, rest = spec.split("=", 1)
        jar, _, flags = rest.partition("|")
        variants.append((name, os.path.abspath(jar), flags.split(",") if flags else []))
    if args.noop_flags:
        variants.append(("noop-flags", noop, args.noop_flags.split(",")))
    envs = {}
    for name, _, _ in variants:
        env = benchlib.base_env(work)
        env["HOME"] = os.path.join(work, "home-" + name)
        env["XDG_CONFIG_HOME"] = os.path.join(work, "config-" + name)
        env["GATSBY_TELEMETRY_STAGES"] = benchlib.STAGES
        envs[name] = env

    def command(jar, flags):
        return [java] + flags + ["-javaagent:" + jar, "-jar", benchlib.APP] + args.command.split()

    for name, jar, flags in variants:
        for _ in range(2):
            benchlib.run_measured(command(jar, flags), site, envs[name])
    cpu = {name: [] for name, _, _ in variants}
    wall = {name: [] for name, _, _ in variants}
    load_before = benchlib.loadavg()
    for r in range(args.runs):
        for name, jar, flags in (variants if r % 2 == 0 else list(reversed(variants))):
            w, c, _, code, err = benchlib.run_measured(command(jar, flags), site, envs[name])
            if code != 0:
                sys.exit(f"{name} exited {code}: {err[-500:]!r}")
            cpu[name].append(c)
            wall[name].append(w)
    print(f"{args.runs} rounds of `sitegen {args.command}`, {args.pages} pages, {benchlib.java_version(java)}; "
          f"load {load_before} -> {benchlib.loadavg()}")
    first = variants[1][0]
    print(f"{'variant':16s} {'CPU median':>10s} {'CPU vs noop':>12s} {'wall vs noop':>13s} {'CPU vs ' + first:>16s} (IQR)")
    for name, _, _ in variants:
        d_noop = [a - b for a, b in zip(cpu[name], cpu["noop"])]
        w_noop = [a - b for a, b in zip(wall[name], wall["noop"])]
        d_first = sorted(a - b for a, b in zip(cpu[name], cpu[first]))
        print(f"{name:16s} {statistics.median(cpu[name]):10.1f} {statistics.median(d_noop):+12.1f} "
              f"{statistics.median(w_noop):+13.1f} {statistics.median(d_first):+16.1f} "
              f"({benchlib.percentile(d_first, 0.25):+.1f}..{benchlib.percentile(d_first, 0.75):+.1f})")


if __name__ == "__main__":
    main()
