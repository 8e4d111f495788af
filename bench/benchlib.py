"""Shared helpers of the process-level benchmarks (startup, exit delay, memory).

Every benchmark here runs its variants alternately in one invocation (so machine noise hits all
of them alike), reports medians, the median of the per-round paired differences against a
baseline, and the load average before and after: on a busy machine the figures are only as good as
that load.
"""
import os, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGENT = os.path.join(ROOT, "agent/target/gatsby-telemetry-agent.jar")
APP = os.path.join(ROOT, "sample-app/target/sample-app.jar")
DEFAULT_JAVA = os.environ.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")
STAGES = ",".join([
    "org.example.sitegen.config.ConfigLoader#loadConfig",
    "org.example.sitegen.content.ContentSource#sourceContent",
    "org.example.sitegen.markdown.MarkdownTransformer#transform",
    "org.example.sitegen.render.PageRenderer#render",
    "org.example.sitegen.output.OutputWriter#write",
])


def require_built():
    for jar in (AGENT, APP):
        if not os.path.exists(jar):
            sys.exit(f"missing {jar}: run `mvn -B -q package -DskipTests` first")


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def java_version(java):
    out = subprocess.run([java, "-version"], stderr=subprocess.PIPE).stderr.decode().splitlines()
    return out[0] if out else "?"


def build_noop_agent(java_home, work):
    """The floor of any -javaagent: an agent jar whose premain returns at once."""
    src = os.path.join(ROOT, "bench/noop-agent/NoopAgent.java")
    classes = os.path.join(work, "noop-classes")
    subprocess.run([os.path.join(java_home, "bin/javac"), "-d", classes, src], check=True)
    manifest = os.path.join(work, "noop-manifest.txt")
    with open(manifest, "w") as f:
        f.write("Premain-Class: bench.noop.NoopAgent\n")
    jar = os.path.join(work, "noop-agent.jar")
    subprocess.run([os.path.join(java_home, "bin/jar"), "cfm", jar, manifest, "-C", classes, "."], check=True)
    return jar


def make_site(java, work, pages):
    site = os.path.join(work, "site")
    subprocess.run([java, "-jar", APP, "new", site, "--pages", str(pages)], check=True, stdout=subprocess.DEVNULL)
    return site


def base_env(work):
    """A clean environment: no telemetry variables of the caller's leak in."""
    return {"PATH": os.environ.get("PATH", ""), "HOME": os.path.join(work, "home"),
            "XDG_CONFIG_HOME": os.path.join(work, "config"), "LANG": "C.UTF-8"}


def percentile(values, fraction):
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(fraction * (len(v) - 1)))))]


def report(title, samples, baselines, unit="ms"):
    """Prints median, p10, p90 per variant and, against each baseline present, the difference of
    medians and the median of paired (same-round) differences, which is less sensitive to load that
    drifts during the run."""
    print(title)
    header = f"  {'variant':22} {'median':>9} {'p10':>9} {'p90':>9}"
    for b in baselines:
        if b in samples:
            header += f" {'Δmed vs ' + b:>15} {'paired Δ vs ' + b:>18}"
    print(header + f"   ({unit})")
    medians = {k: statistics.median(v) for k, v in samples.items() if v}
    for name, values in samples.items():
        if not values:
            continue
        line = f"  {name:22} {medians[name]:9.1f} {percentile(values, 0.1):9.1f} {percentile(values, 0.9):9.1f}"
        for b in baselines:
            if b in samples:
                n = min(len(values), len(samples[b]))
                paired = statistics.median(values[i] - samples[b][i] for i in range(n))
                line += f" {medians[name] - medians[b]:+15.1f} {paired:+18.1f}"
        print(line)
    return medians


def temp_work(prefix):
    return tempfile.mkdtemp(prefix=prefix)
