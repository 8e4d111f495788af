#!/usr/bin/env python3
"""Startup benchmark: wall time of `sitegen build` on a generated site, several variants run
alternately (so machine noise hits all of them alike), reported as medians and ratios.

Variants: none (no agent), noop (an agent whose premain returns: the floor of any -javaagent),
enabled (this agent, five stages configured, no endpoint), disabled (this agent with
GATSBY_TELEMETRY_DISABLED=1). Usage: bench/startup.sh [--runs N] [--pages N] [--java PATH]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGENT = os.path.join(ROOT, "agent/target/gatsby-telemetry-agent.jar")
APP = os.path.join(ROOT, "sample-app/target/sample-app.jar")
STAGES = ",".join([
    "org.example.sitegen.config.ConfigLoader#loadConfig",
    "org.example.sitegen.content.ContentSource#sourceContent",
    "org.example.sitegen.markdown.MarkdownTransformer#transform",
    "org.example.sitegen.render.PageRenderer#render",
    "org.example.sitegen.output.OutputWriter#write",
])


def build_noop_agent(java_home, work):
    src = os.path.join(ROOT, "bench/noop-agent/NoopAgent.java")
    classes = os.path.join(work, "noop-classes")
    subprocess.run([os.path.join(java_home, "bin/javac"), "-d", classes, src], check=True)
    manifest = os.path.join(work, "noop-manifest.txt")
    with open(manifest, "w") as f:
        f.write("Premain-Class: bench.noop.NoopAgent\n")
    jar = os.path.join(work, "noop-agent.jar")
    subprocess.run([os.path.join(java_home, "bin/jar"), "cfm", jar, manifest, "-C", classes, "."], check=True)
    return jar


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--java", default=os.environ.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"))
    parser.add_argument("--variants", default="none,noop,enabled,disabled")
    parser.add_argument("--command", default="build")
    args = parser.parse_args()
    java = os.path.join(args.java, "bin/java")
    for jar in (AGENT, APP):
        if not os.path.exists(jar):
            sys.exit(f"missing {jar}: run `mvn -B -q package -DskipTests` first")

    work = tempfile.mkdtemp(prefix="gta-bench-")
    try:
        noop = build_noop_agent(args.java, work)
        site = os.path.join(work, "site")
        subprocess.run([java, "-jar", APP, "new", site, "--pages", str(args.pages)], check=True,
                       stdout=subprocess.DEVNULL)
        base_env = {"PATH": os.environ.get("PATH", ""), "HOME": os.path.join(work, "home"),
                    "XDG_CONFIG_HOME": os.path.join(work, "config"), "LANG": "C.UTF-8"}
        variants = {
            "none": ([java, "-jar", APP, args.command], {}),
            "noop": ([java, "-javaagent:" + noop, "-jar", APP, args.command], {}),
            "enabled": ([java, "-javaagent:" + AGENT, "-jar", APP, args.command], {"GATSBY_TELEMETRY_STAGES": STAGES}),
            "disabled": ([java, "-javaagent:" + AGENT, "-jar", APP, args.command],
                         {"GATSBY_TELEMETRY_STAGES": STAGES, "GATSBY_TELEMETRY_DISABLED": "1"}),
        }
        chosen = args.variants.split(",")
        times = {name: [] for name in chosen}
        for name in chosen:  # warm the page cache once per variant
            cmd, extra = variants[name]
            subprocess.run(cmd, cwd=site, env={**base_env, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for i in range(args.runs):
            order = chosen if i % 2 == 0 else list(reversed(chosen))
            for name in order:
                cmd, extra = variants[name]
                start = time.perf_counter()
                result = subprocess.run(cmd, cwd=site, env={**base_env, **extra},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                elapsed = (time.perf_counter() - start) * 1000
                if result.returncode != 0:
                    sys.exit(f"{name} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
                times[name].append(elapsed)
        version = subprocess.run([java, "-version"], stderr=subprocess.PIPE).stderr.decode().splitlines()[0]
        print(f"sitegen {args.command}, {args.pages} pages, {args.runs} alternating runs each, {version}, "
              f"{os.cpu_count()} cpus")
        medians = {name: statistics.median(v) for name, v in times.items()}
        print(f"{'variant':10} {'median ms':>10} {'p10':>8} {'p90':>8}  vs none  vs noop")
        for name in chosen:
            v = sorted(times[name])
            p10 = v[max(0, len(v) // 10)]
            p90 = v[min(len(v) - 1, (len(v) * 9) // 10)]
            vs_none = f"{medians[name] - medians['none']:+7.1f}" if "none" in medians else ""
            vs_noop = f"{medians[name] - medians['noop']:+7.1f}" if "noop" in medians else ""
            print(f"{name:10} {medians[name]:10.1f} {p10:8.1f} {p90:8.1f}  {vs_none}  {vs_noop}")
        if "none" in medians:
            for name in chosen:
                if name != "none":
                    print(f"ratio {name}/none = {medians[name] / medians['none']:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
