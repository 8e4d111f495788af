#!/usr/bin/env python3
"""Exit-delay benchmark: what the agent adds between the application's last output line and the
end of the process, and to the whole run, when the collector is healthy, and when it is a black
hole (accepts connections, never answers).

Variants, run alternately (round-robin, the order reversed every other round):
  none              no agent
  healthy           agent, GATSBY_TELEMETRY_API = a loopback HTTP server answering 200 to POSTs,
                    default send interval: after the warm-up run's delivery, runs only spool
  healthy-every     the same with GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES=0: every run sends
  https-every       healthy-every against a loopback https collector (self-signed certificate; when
                    chosen, every variant runs with -Djavax.net.ssl.trustStore= a copy of cacerts
                    plus that certificate)
  healthy-cachemiss healthy with the hooked-class cache emptied before each run: a first run (or
                    the first after an upgrade), which writes the cache entries of the classes it
                    hooked late at exit, within the exit budget
  blackhole-first   agent, API = a black hole, fresh XDG_CONFIG_HOME every run: every run is the
                    first after a failure-free past, so it tries the network and pays the timeout
  blackhole-steady  agent, API = the black hole, one XDG_CONFIG_HOME kept across runs: after the
                    first failure the back-off window is open and the network is skipped (the
                    intended steady state of an offline machine)
Each agent variant with a kept config dir gets one unmeasured warm-up run (first-run notice,
machine id), so steady state is what is measured.

"tail" = time from reading the app's last output line (stdout and stderr, merged, read line by
line as they arrive) to the process's exit: the exit delay proper. "wall" = the whole run.
Targets: tail +30 ms healthy, +300 ms black hole, against none.

A variant X@base (with --base-agent JAR) is X with that agent jar instead of this build's, run
alternately with the others: a change's cost side by side with the build it changes.

Usage: bench/exit_delay.sh [--runs N] [--pages N] [--java JAVA_HOME] [--variants a,b,...] [--base-agent JAR]
"""
import argparse, os, shutil, socket, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


class BlackHole:
    """Accepts every connection and never reads or answers; keeps sockets open until closed."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)
            if len(self.held) > 200:
                self.held.pop(0).close()

    def close(self):
        self.sock.close()
        for c in self.held:
            c.close()


def run_once(cmd, cwd, env):
    """Returns (wall ms, tail ms, last line, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    last_at, last_line = None, b""
    for line in iter(proc.stdout.readline, b""):
        last_at, last_line = time.perf_counter(), line
    code = proc.wait()
    end = time.perf_counter()
    proc.stdout.close()
    tail = (end - last_at) * 1000 if last_at is not None else float("nan")
    return (end - start) * 1000, tail, last_line.decode(errors="replace").strip(), code


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="none,healthy,healthy-every,blackhole-first,blackhole-steady")
    parser.add_argument("--command", default="build")
    parser.add_argument("--base-agent", default=None)
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")

    work = benchlib.temp_work("gta-exit-")
    collector, hole = benchlib.LoopbackCollector(), BlackHole()
    healthy_url = collector.start()
    hole_url = f"http://127.0.0.1:{hole.port}/v1/events"
    tls_collector = None
    try:
        site = benchlib.make_site(java, work, args.pages)
        chosen = args.variants.split(",")
        jvm_flags = []
        https_url = None
        if "https-every" in chosen:
            tls_collector, trust_store = benchlib.start_tls_collector(args.java, work)
            jvm_flags.append("-Djavax.net.ssl.trustStore=" + trust_store)
            https_url = f"https://localhost:{tls_collector.server_address[1]}/v1/events"
        agent_cmd = [java] + jvm_flags + ["-javaagent:" + benchlib.AGENT, "-jar", benchlib.APP, args.command]
        variants = {
            "none": ([java] + jvm_flags + ["-jar", benchlib.APP, args.command], None, False),
            "healthy": (agent_cmd, healthy_url, False),
            "healthy-every": (agent_cmd, healthy_url, False),
            "healthy-cachemiss": (agent_cmd, healthy_url, False),
            "https-every": (agent_cmd, https_url, False),
            "blackhole-first": (agent_cmd, hole_url, True),
            "blackhole-steady": (agent_cmd, hole_url, False),
        }
        for name in chosen:
            if name.endswith("@base"):
                if not args.base_agent:
                    sys.exit(f"{name} needs --base-agent")
                cmd, url, fresh = variants[name.split("@")[0]]
                jar = os.path.abspath(args.base_agent)
                variants[name] = ([c.replace(benchlib.AGENT, jar) for c in cmd], url, fresh)
        fresh_counter = [0]

        def env_for(name):
            _, url, fresh = variants[name]
            key, name = name, name.split("@")[0]
            env = benchlib.base_env(work)
            if fresh:
                fresh_counter[0] += 1
                env["XDG_CONFIG_HOME"] = os.path.join(work, f"config-{key}-{fresh_counter[0]}")
            else:
                env["XDG_CONFIG_HOME"] = os.path.join(work, f"config-{key}")
            if name.endswith("-cachemiss"):
                shutil.rmtree(os.path.join(env["XDG_CONFIG_HOME"], "gatsby-telemetry-agent", "hooked-classes"), ignore_errors=True)
            if url:
                env["GATSBY_TELEMETRY_API"] = url
                env["GATSBY_TELEMETRY_STAGES"] = benchlib.STAGES
            if name.endswith("-every"):
                env["GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES"] = "0"
            return env

        for name in chosen:  # page cache, first-run notice, back-off state of the steady variant
            run_once(variants[name][0], site, env_for(name))
        posts_before = collector.posts
        wall = {n: [] for n in chosen}
        tail = {n: [] for n in chosen}
        load_before = benchlib.loadavg()
        for i in range(args.runs):
            for name in (chosen if i % 2 == 0 else list(reversed(chosen))):
                w, t, last, code = run_once(variants[name][0], site, env_for(name))
                if code != 0:
                    sys.exit(f"{name} exited {code}; last line: {last}")
                wall[name].append(w)
                tail[name].append(t)
        load_after = benchlib.loadavg()
        print(f"sitegen {args.command}, {args.pages} pages, {args.runs} alternating runs each, "
              f"{benchlib.java_version(java)}, {os.cpu_count()} cpus, loadavg before {load_before}, after {load_after}")
        benchlib.report("tail: app's last output line -> process exit", tail, ["none"])
        benchlib.report("wall: whole process", wall, ["none"])
        print(f"healthy collector received {collector.posts - posts_before} POSTs ({collector.bytes} bytes in all) "
              f"during {args.runs} measured rounds; black hole accepted {hole.accepted} connections"
              + (f"; https collector received {tls_collector.posts} POSTs" if tls_collector else ""))
    finally:
        collector.shutdown()
        if tls_collector is not None:
            tls_collector.shutdown()
        hole.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
