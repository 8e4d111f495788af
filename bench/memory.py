#!/usr/bin/env python3
"""Memory benchmark: live heap (after a full GC), metaspace and RSS the agent adds to a running
application, measured while `sitegen develop --port 0` (build once, then serve until stopped) sits
idle after its build.

For each run: start develop, wait for its `Serving ... at` line, `jcmd <pid> GC.run`, then
`jcmd <pid> GC.heap_info` (heap used, metaspace used) and VmRSS from /proc/<pid>/status; then
SIGTERM. Variants alternate: none, noop (an agent whose premain returns), enabled (this agent, the
five sample stages), enabled-api (also an endpoint: a loopback collector answering 200, so the
sender thread and HTTP client are live too). Target: heap +8 MiB over none.

Usage: bench/memory.sh [--runs N] [--pages N] [--java JAVA_HOME]
"""
import argparse, os, re, shutil, signal, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


HEAP = re.compile(r"heap\s+total (\d+)K, used (\d+)K")
META = re.compile(r"Metaspace\s+used (\d+)K")


def measure(cmd, cwd, env, jcmd, timeout=60):
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + timeout
        for line in iter(proc.stdout.readline, b""):
            if line.startswith(b"Serving "):
                break
            if time.time() > deadline:
                raise RuntimeError("no Serving line")
        else:
            raise RuntimeError(f"develop exited ({proc.wait()}) before serving")
        # keep draining output so the app never blocks on a full pipe
        threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
        time.sleep(0.3)  # let the agent's threads (recorder, sender) do their first work
        subprocess.run([jcmd, str(proc.pid), "GC.run"], check=True, stdout=subprocess.DEVNULL)
        info = subprocess.run([jcmd, str(proc.pid), "GC.heap_info"], check=True,
                              stdout=subprocess.PIPE).stdout.decode()
        with open(f"/proc/{proc.pid}/status") as f:
            rss = int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))
        heap = HEAP.search(info)
        meta = META.search(info)
        if not heap or not meta:
            raise RuntimeError("cannot parse GC.heap_info:\n" + info)
        return int(heap.group(2)) / 1024, int(meta.group(1)) / 1024, rss / 1024
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="none,noop,enabled,enabled-api")
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    jcmd = os.path.join(args.java, "bin/jcmd")
    work = benchlib.temp_work("gta-mem-")
    collector = benchlib.LoopbackCollector()
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        noop = benchlib.build_noop_agent(args.java, work)
        site = benchlib.make_site(java, work, args.pages)
        app = ["-jar", benchlib.APP, "develop", "--port", "0"]
        stages = {"GATSBY_TELEMETRY_STAGES": benchlib.STAGES}
        api = {"GATSBY_TELEMETRY_API": f"http://127.0.0.1:{collector.server_address[1]}/v1/events"}
        variants = {
            "none": ([java] + app, {}),
            "noop": ([java, "-javaagent:" + noop] + app, {}),
            "enabled": ([java, "-javaagent:" + benchlib.AGENT] + app, stages),
            "enabled-api": ([java, "-javaagent:" + benchlib.AGENT] + app, {**stages, **api}),
        }
        chosen = args.variants.split(",")
        heap, meta, rss = ({n: [] for n in chosen} for _ in range(3))
        for name in chosen:  # warm-up: page cache, first-run notice
            cmd, extra = variants[name]
            measure(cmd, site, {**benchlib.base_env(work), **extra}, jcmd)
        load_before = benchlib.loadavg()
        for i in range(args.runs):
            for name in (chosen if i % 2 == 0 else list(reversed(chosen))):
                cmd, extra = variants[name]
                h, m, r = measure(cmd, site, {**benchlib.base_env(work), **extra}, jcmd)
                heap[name].append(h)
                meta[name].append(m)
                rss[name].append(r)
        print(f"sitegen develop after building {args.pages} pages, {args.runs} alternating runs each, "
              f"{benchlib.java_version(java)}, loadavg before {load_before}, after {benchlib.loadavg()}")
        benchlib.report("heap used after GC.run", heap, ["none", "noop"], unit="MiB")
        benchlib.report("metaspace used", meta, ["none", "noop"], unit="MiB")
        benchlib.report("RSS", rss, ["none", "noop"], unit="MiB")
    finally:
        collector.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
