#!/usr/bin/env python3
"""Premain time, side by side: this agent and another agent jar (--base-agent), alternating runs of
`sitegen build` in debug mode, each with its own warm state folder, reading the agent's own
"installed in N us" line (from premain's first instruction to the end of installation: the
opt-out switches, the config files, the bridge, the JDK hooks, the transformer). Reports medians
and the median of paired same-round differences. Usage:
  bench/premain.sh --base-agent /tmp/base/agent/target/gatsby-telemetry-agent.jar [--runs 20]
"""
import argparse, os, re, shutil, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

INSTALLED = re.compile(r"installed in (\d+) us")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--base-agent", required=True)
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    work = benchlib.temp_work("gta-premain-")
    try:
        site = benchlib.make_site(java, work, 20)
        env0 = {**benchlib.base_env(work), "GATSBY_TELEMETRY_STAGES": benchlib.STAGES, "GATSBY_TELEMETRY_DEBUG": "1"}
        agents = {"this": benchlib.AGENT, "base": os.path.abspath(args.base_agent)}
        samples = {name: [] for name in agents}
        for i in range(args.runs + 1):  # the first round fills each state folder and cache
            for name in (list(agents) if i % 2 == 0 else list(reversed(agents))):
                env = {**env0, "XDG_CONFIG_HOME": os.path.join(work, "config-" + name)}
                r = subprocess.run([java, "-javaagent:" + agents[name], "-jar", benchlib.APP, "build"], cwd=site,
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                match = INSTALLED.search(r.stderr)
                if r.returncode != 0 or not match:
                    sys.exit(f"{name}: no 'installed in' line ({r.returncode}): {r.stderr[-1500:]}")
                if i > 0:
                    samples[name].append(int(match.group(1)) / 1000)
        print(f"premain (installed in), {args.runs} alternating warm runs each, {benchlib.java_version(java)}, "
              f"loadavg {benchlib.loadavg()}")
        for name, values in samples.items():
            print(f"  {name:5} median {statistics.median(values):6.1f} ms  (p25 {benchlib.percentile(values, .25):.1f},"
                  f" p75 {benchlib.percentile(values, .75):.1f})")
        deltas = [a - b for a, b in zip(samples["this"], samples["base"])]
        print(f"  this - base: median of paired differences {statistics.median(deltas):+.1f} ms; "
              f"ratio of medians {statistics.median(samples['this']) / statistics.median(samples['base']):.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
