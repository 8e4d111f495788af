#!/usr/bin/env python3
"""Per-class cost: what the agent charges for each loaded class that matches no hook.

Generates N small classes (fields, a constructor, four methods with constants and branches, ~1.3
KB each) and, per N in --counts, a jar holding them and a main class that loads and initialises all
of them (Class.forName), runs System.gc() and prints the heap used after it. Variants run
alternately, N by N:
  none         no agent
  noop         an agent whose premain returns at once (the floor of any -javaagent)
  noop-transformer  an agent registering one transformer that returns null for every class: what
               the JVM itself charges per class while any transformer is registered
  enabled      this agent (entry point = the main class, nothing else to hook), spooling only
  disabled     this agent with GATSBY_TELEMETRY_DISABLED=1
  before       another build of the agent (--before-agent JAR, e.g. one built from an older commit),
               enabled: to compare two builds side by side
Reports wall, CPU (user+sys of all threads), peak RSS, heap used after a full GC and the loading
thread's own CPU time per class (ThreadMXBean, around the loop only: the steadiest figure, since a
transformer runs on the thread that loads the class), paired against noop, and the marginal cost per class: the slope of the paired CPU difference between the smallest
and the largest N, which cancels every fixed cost (premain, the agent's threads, the first event).

Usage: bench/class_count.sh [--runs N] [--counts 1000,5000,20000] [--java JAVA_HOME] [--variants ...]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

MAIN = """package gen;

public final class Main {
    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("toggle")) {
            Toggle.run(Integer.parseInt(args[0]));
            return;
        }
        int count = Integer.parseInt(args[0]);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            sum += Class.forName("gen.C" + i).getName().length();
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        System.gc();
        Runtime r = Runtime.getRuntime();
        System.out.println("heap-used-after-gc " + (r.totalMemory() - r.freeMemory()) + " " + cpu + " " + sum);
    }
}
"""

# --profile: one JVM loads classes in batches of 100, a no-op transformer registered for every other
# batch (NoopTransformerAgent toggle), and reports the loading thread's CPU per class in each mode:
# the generated classes (from the jar), then JDK classes of the default CDS archive (lib/classlist)
# not loaded yet, whose bytes the JVM must read back from the runtime image for a transformer.
TOGGLE = """package gen;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

final class Toggle {
    static void run(int count) throws Exception {
        Instrumentation inst = (Instrumentation) System.getProperties().get("bench.instrumentation");
        ClassFileTransformer nothing = (ClassFileTransformer) System.getProperties().get("bench.transformer");
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            generated.add("gen.C" + i);
        }
        List<String> jdk = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("java.home"), "lib", "classlist"))) {
            if (!line.isEmpty() && line.indexOf('@') < 0 && line.indexOf(' ') < 0 && line.indexOf('#') < 0) {
                jdk.add(line.replace('/', '.'));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.gc();
        measure("generated", generated, inst, nothing, threads, true);
        measure("jdk-cds", jdk, inst, nothing, threads, false);
    }

    private static void measure(String what, List<String> names, Instrumentation inst, ClassFileTransformer nothing,
                                ThreadMXBean threads, boolean initialize) {
        long[] cpu = new long[2];
        long[] allocated = new long[2];
        int[] loaded = new int[2];
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
        long self = Thread.currentThread().getId();
        for (int start = 0, batch = 0; start < names.size(); start += 100, batch++) {
            int mode = batch & 1;
            if (mode == 1) {
                inst.addTransformer(nothing, false);
            }
            long c = threads.getCurrentThreadCpuTime();
            long a = alloc.getThreadAllocatedBytes(self);
            int n = 0;
            for (int i = start; i < Math.min(names.size(), start + 100); i++) {
                try {
                    Class.forName(names.get(i), initialize, ClassLoader.getSystemClassLoader());
                    n++;
                } catch (Throwable ignored) {
                    // not loadable here
                }
            }
            cpu[mode] += threads.getCurrentThreadCpuTime() - c;
            allocated[mode] += alloc.getThreadAllocatedBytes(self) - a;
            loaded[mode] += n;
            if (mode == 1) {
                inst.removeTransformer(nothing);
            }
        }
        System.out.println("profile " + what + " " + loaded[0] + " " + cpu[0] + " " + allocated[0]
                + " " + loaded[1] + " " + cpu[1] + " " + allocated[1]);
    }
}
"""

CLASS = """package gen;

public class C{i} {{
    private final int value;
    private String label = "label-{i}";
    static int created;

    public C{i}(int value) {{
        this.value = value;
        created++;
    }}

    public int twice() {{
        return value * 2 + {i};
    }}

    public String describe() {{
        return value > {i} ? "large " + label : "small " + label;
    }}

    public boolean matches(String other) {{
        if (other == null || other.isEmpty()) {{
            return false;
        }}
        return other.startsWith("label-") && other.endsWith("{i}");
    }}

    @Override
    public String toString() {{
        return "C{i}[" + value + ", " + label + "]";
    }}
}}
"""


def build_jars(java_home, work, counts):
    src = os.path.join(work, "src/gen")
    os.makedirs(src)
    top = max(counts)
    with open(os.path.join(src, "Main.java"), "w") as f:
        f.write(MAIN)
    with open(os.path.join(src, "Toggle.java"), "w") as f:
        f.write(TOGGLE)
    for i in range(top):
        with open(os.path.join(src, f"C{i}.java"), "w") as f:
            f.write(CLASS.format(i=i))
    classes = os.path.join(work, "classes")
    files = os.path.join(work, "sources.txt")
    with open(files, "w") as f:
        f.write("\n".join(os.path.join(src, n) for n in os.listdir(src)))
    subprocess.run([os.path.join(java_home, "bin/javac"), "-J-Xmx1g", "--release", "17", "-XDstringConcat=inline",
                    "-d", classes, "@" + files], check=True)
    jars = {}
    for n in counts:
        # zipfile, not `jar`: 20,000 entry names exceed the command line. Deflated, manifest
        # first, as the jar tool writes them.
        jar = os.path.join(work, f"classes-{n}.jar")
        with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: gen.Main\n\n")
            for name in ["Main", "Toggle"] + [f"C{i}" for i in range(n)]:
                z.write(os.path.join(classes, "gen", name + ".class"), f"gen/{name}.class")
        jars[n] = jar
    return jars


def profile(java, agent, jar, count, work, env, runs):
    results = {}
    for _ in range(runs):
        out = subprocess.run([java, f"-javaagent:{agent}=toggle", "-jar", jar, str(count), "toggle"], cwd=work,
                             env=env, stdout=subprocess.PIPE, check=True).stdout.decode()
        for line in out.splitlines():
            _, what, *numbers = line.split()
            results.setdefault(what, []).append([int(x) for x in numbers])
    print(f"{runs} JVMs, {benchlib.java_version(java)}, loadavg {benchlib.loadavg()}: loading thread, per class,"
          " batches of 100 alternating without / with a registered no-op transformer (medians over JVMs)")
    for what, rows in results.items():
        off = [r[1] / r[0] for r in rows]
        on = [r[4] / r[3] for r in rows]
        off_alloc = [r[2] / r[0] for r in rows]
        on_alloc = [r[5] / r[3] for r in rows]
        diff = [b - a for a, b in zip(off, on)]
        print(f"  {what:10} {rows[0][0] + rows[0][3]:6} classes: CPU {statistics.median(off) / 1000:7.2f} µs without, "
              f"{statistics.median(on) / 1000:7.2f} µs with (paired Δ {statistics.median(diff) / 1000:+.2f} µs); "
              f"allocated {statistics.median(off_alloc):7.0f} B without, {statistics.median(on_alloc):7.0f} B with")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--counts", default="1000,5000,20000")
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="none,noop,noop-transformer,enabled,disabled")
    parser.add_argument("--jvm-flag", action="append", default=[])
    parser.add_argument("--before-agent", help="agent jar for the variant 'before'")
    parser.add_argument("--profile", action="store_true",
                        help="instead: per-class CPU and allocation with and without a no-op transformer, in one JVM")
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    counts = [int(c) for c in args.counts.split(",")]
    chosen = args.variants.split(",")
    work = benchlib.temp_work("gta-classes-")
    try:
        noop = benchlib.build_noop_agent(args.java, work)
        noop_transformer = benchlib.build_noop_agent(args.java, work, "NoopTransformerAgent")
        jars = build_jars(args.java, work, counts)
        env0 = benchlib.base_env(work)
        if args.profile:
            profile(java, noop_transformer, jars[max(counts)], max(counts), work, env0, args.runs)
            return
        agent = ["-javaagent:" + benchlib.AGENT]
        base = {
            "none": ([], {}),
            "noop": (["-javaagent:" + noop], {}),
            "noop-transformer": (["-javaagent:" + noop_transformer], {}),
            "enabled": (agent, {}),
            "disabled": (agent, {"GATSBY_TELEMETRY_DISABLED": "1"}),
            "before": (["-javaagent:" + str(args.before_agent)], {}),
        }
        print(f"generated jars of {counts} classes, {args.runs} alternating runs each, {benchlib.java_version(java)}, "
              f"loadavg before {benchlib.loadavg()}")
        slopes = {n: {} for n in chosen}
        for count in counts:
            wall, cpu, rss, heap, loop = ({n: [] for n in chosen} for _ in range(5))
            for round_ in range(args.runs + 1):
                for name in (chosen if round_ % 2 == 0 else list(reversed(chosen))):
                    flags, extra = base[name]
                    cmd = [java] + flags + args.jvm_flag + ["-jar", jars[count], str(count)]
                    env = {**env0, **extra, "XDG_CONFIG_HOME": os.path.join(work, "config-" + name)}
                    with tempfile.TemporaryFile() as out:
                        w, c, r, code, err = benchlib.run_measured(cmd, work, env, stdout=out)
                        out.seek(0)
                        text = out.read().decode()
                    if code != 0 or "heap-used-after-gc" not in text:
                        sys.exit(f"{name} failed ({code}): {err.decode()[-2000:]}")
                    if round_ == 0:
                        continue  # warm-up: page cache, the agent's first run (notice, machine id)
                    wall[name].append(w)
                    cpu[name].append(c)
                    rss[name].append(r)
                    heap[name].append(int(text.split()[1]) / 1048576)
                    loop[name].append(int(text.split()[2]) / count)
            print(f"\n{count} classes (loadavg now {benchlib.loadavg()})")
            baselines = [b for b in ("noop", "none") if b in chosen]
            benchlib.report("wall time", wall, baselines)
            benchlib.report("CPU time (user+sys, all threads)", cpu, baselines)
            benchlib.report("peak RSS", rss, baselines, unit="MiB")
            benchlib.report("heap used after System.gc()", heap, baselines, unit="MiB")
            benchlib.report("main thread's CPU per class while loading them (ThreadMXBean)", loop, baselines, unit="ns")
            if "noop" in chosen:
                for name in chosen:
                    slopes[name][count] = statistics.median(a - b for a, b in zip(cpu[name], cpu["noop"]))
        if "noop" in chosen and len(counts) > 1:
            lo, hi = min(counts), max(counts)
            print(f"\nmarginal CPU per class over noop, between {lo} and {hi} classes (paired medians):")
            for name in chosen:
                if name != "noop":
                    slope = (slopes[name][hi] - slopes[name][lo]) / (hi - lo) * 1000
                    print(f"  {name:18} {slope:+7.2f} µs/class   (paired Δ CPU {slopes[name][lo]:+.1f} ms at {lo}, "
                          f"{slopes[name][hi]:+.1f} ms at {hi})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
