#!/usr/bin/env python3
"""Concurrent-exit benchmark (issue 15): N JVMs started at once, sharing one home and one spool,
each ending with an uncaught exception (a page whose front matter is never closed), against a
healthy loopback collector; then one ordinary "recovery" run of the same tool in the same place.

Per round and variant, run alternately (the order reversed every other round):
  none   N concurrent runs without the agent
  agent  N concurrent runs with the agent (default settings; a fresh XDG_CONFIG_HOME per round,
         shared by the N runs), then the recovery run (GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS=20000,
         back-off state removed as its expiry would), which completes and sends what they kept

Reported: produced vs delivered (end events and error events, by session, before and after the
recovery run; error events completed later, without message, counted apart), and the exit delay:
"tail" = each process's time from its last output line to its exit, "wall" = each process's
whole run, agent against none, all N processes of all rounds pooled.

  agent@base  the same with the agent jar given by --base-agent (the build this change is
         measured against), recovery run included

Also reported, per process: its CPU (user + sys) in all, and after its last output line (its exit
work), both far less sensitive to the load than wall times.

Usage: bench/concurrent_exits.sh [--concurrency 20,50] [--rounds 2] [--pages N] [--java JAVA_HOME] [--base-agent JAR]
       [--agent-env NAME=VALUE,...]
"""
import argparse, os, shutil, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms_so_far(pid):
    """user + sys CPU of a running process (all its threads) from /proc, in ms; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


class Proc:
    """One started process whose merged output is read line by line on a thread. At each line the
    process's CPU so far is read, so that the CPU it spends after its last line (its exit work: the
    JVM's and the agent's shutdown) is measured apart from its startup and its work: CPU time is far
    less sensitive than wall time to the other processes on the cores."""

    def __init__(self, cmd, cwd, env):
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.last_at = None
        self.cpu_at_last = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for _ in iter(self.proc.stdout.readline, b""):
            self.last_at = time.perf_counter()
            self.cpu_at_last = cpu_ms_so_far(self.proc.pid)

    def finish(self):
        """(wall ms, tail ms, exit code, CPU ms of the whole process, CPU ms after its last output line)."""
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        end = time.perf_counter()
        self.thread.join()
        self.proc.stdout.close()
        tail = (end - self.last_at) * 1000 if self.last_at is not None else float("nan")
        cpu = (usage.ru_utime + usage.ru_stime) * 1000
        exit_cpu = cpu - self.cpu_at_last if self.cpu_at_last is not None else float("nan")
        return (end - self.start) * 1000, tail, self.proc.returncode, cpu, exit_cpu


def run_concurrently(cmd, cwd, envs):
    procs = [Proc(cmd, cwd, env) for env in envs]
    return [p.finish() for p in procs]


def sessions(events, kind):
    return {e.get("sessionId") for e in events if kind(e)}


def is_failed_end(e):
    return e.get("eventType", "").endswith("_END") and e.get("exitReason") == "exception"


def is_error(e):
    return e.get("eventType", "").startswith("CLI_ERROR_")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", default="20,50")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--base-agent", default=None)
    parser.add_argument("--agent-env", default="", help="NAME=VALUE,... set for every agent run (e.g. a feature off, to "
                                                        "see what it costs)")
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    work = benchlib.temp_work("gta-concurrent-")
    collector = benchlib.LoopbackCollector(keep_events=True)
    url = collector.start()
    try:
        site = benchlib.make_site(java, work, args.pages)
        failing = os.path.join(work, "failing")
        shutil.copytree(site, failing)
        with open(os.path.join(failing, "content", "zz-unclosed.md"), "w") as f:
            f.write("---\ntitle: Never closed\ndate: 2024-01-01\n")
        plain_cmd = [java, "-jar", benchlib.APP, "build"]
        agent_cmds = {"agent": [java, "-javaagent:" + benchlib.AGENT, "-jar", benchlib.APP, "build"]}
        if args.base_agent:
            agent_cmds["agent@base"] = [java, "-javaagent:" + os.path.abspath(args.base_agent), "-jar", benchlib.APP,
                                        "build"]
        names = ["none"] + list(agent_cmds)
        print(f"sitegen build of a failing site ({args.pages} pages), {benchlib.java_version(java)}, "
              f"{os.cpu_count()} cpus, {args.rounds} rounds per concurrency, loadavg before {benchlib.loadavg()}")
        seen = set()  # sessions counted already: the collector keeps every earlier round's events
        for n in [int(x) for x in args.concurrency.split(",")]:
            tail = {name: [] for name in names}
            wall = {name: [] for name in names}
            cpu = {name: [] for name in names}
            exit_cpu = {name: [] for name in names}
            counts = {name: {"produced": 0, "ends_before": 0, "ends_after": 0, "errors_before": 0,
                             "errors_after": 0, "completed_later": 0} for name in agent_cmds}
            for r in range(args.rounds):
                for name in (names if r % 2 == 0 else list(reversed(names))):
                    env = benchlib.base_env(work)
                    env["XDG_CONFIG_HOME"] = os.path.join(work, f"config-{n}-{r}-{name}")
                    if name != "none":
                        env["GATSBY_TELEMETRY_API"] = url
                        env["GATSBY_TELEMETRY_STAGES"] = benchlib.STAGES
                        env.update(kv.split("=", 1) for kv in args.agent_env.split(",") if kv)
                    results = run_concurrently(agent_cmds.get(name, plain_cmd), failing, [env] * n)
                    for w, t, code, c_all, c_exit in results:
                        if code != 1:
                            sys.exit(f"{name} exited {code}, expected 1 (uncaught exception)")
                        wall[name].append(w)
                        tail[name].append(t)
                        cpu[name].append(c_all)
                        exit_cpu[name].append(c_exit)
                    if name == "none":
                        continue
                    c = counts[name]
                    before = collector.snapshot()
                    # the recovery run: the same tool in the same place (working directory), a
                    # successful build of the other site; the back-off state removed as its expiry would
                    state = env["XDG_CONFIG_HOME"]
                    for root, _dirs, files in os.walk(state):
                        if "delivery.state" in files:
                            os.remove(os.path.join(root, "delivery.state"))
                    recovery_env = dict(env, GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS="20000")
                    code = run_concurrently(agent_cmds[name] + ["--dir", site], failing, [recovery_env])[0][2]
                    if code != 0:
                        sys.exit(f"recovery run exited {code}")
                    after = collector.snapshot()
                    round_sessions = (sessions(after, is_failed_end) | sessions(after, is_error)) - seen
                    seen |= round_sessions
                    c["produced"] += 2 * n
                    c["ends_before"] += len(sessions(before, is_failed_end) & round_sessions)
                    c["ends_after"] += len(sessions(after, is_failed_end) & round_sessions)
                    c["errors_before"] += len(sessions(before, is_error) & round_sessions)
                    c["errors_after"] += len(sessions(after, is_error) & round_sessions)
                    c["completed_later"] += sum(1 for e in after if is_error(e) and e.get("sessionId") in round_sessions
                                                and "not completed within the exit budget"
                                                in e.get("errorV2", {}).get("text", ""))
                    leftover = [f for root, _d, files in os.walk(state) for f in files
                                if f.startswith("pending-") or f.startswith("batch-")]
                    if leftover:
                        kinds = sorted({f.split("-")[0] for f in leftover})
                        print(f"  {name} round {r}: {len(leftover)} file(s) left in the spool after recovery ({kinds})")
            print(f"\n{n} concurrent failing runs x {args.rounds} rounds, each then one recovery run:")
            for name, c in counts.items():
                half = c["produced"] // 2
                print(f"  {name:10} produced {c['produced']} ({half} end + {half} error events); end events delivered"
                      f" {c['ends_before']} by the runs, {c['ends_after']} after recovery; error events"
                      f" {c['errors_before']} by the runs, {c['errors_after']} after recovery"
                      f" ({c['completed_later']} completed later, without message)")
            benchlib.report(f"  tail: last output line -> exit, {n} concurrent", tail, ["none"])
            benchlib.report(f"  wall: whole process, {n} concurrent", wall, ["none"])
            benchlib.report(f"  exit CPU: user+sys after the last output line, {n} concurrent "
                            f"(clock ticks of {1000 / CLOCK_TICKS:.0f} ms)", exit_cpu, ["none"])
            benchlib.report(f"  CPU: user+sys of the whole process, {n} concurrent", cpu, ["none"])
        print(f"loadavg after {benchlib.loadavg()}")
    finally:
        collector.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
