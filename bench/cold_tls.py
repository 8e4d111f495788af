#!/usr/bin/env python3
"""What one HTTPS POST costs a cold JVM, step by step (resolve, connect, SSLContext.getDefault,
creating the SSLSocket, the handshake, the request): the cost a sending run pays on its sender
thread. Starts a loopback https collector (benchlib.start_tls_collector), runs
dev.gatsbytelemetry.bench.ColdTlsSteps in a fresh JVM per run with a trust store holding the JDK's
cacerts plus the collector's certificate, and prints each step's median over the runs, and the
classes each run loaded from outside the CDS archive (counted once, with -Xlog:class+load).

Usage: bench/cold_tls.sh [--runs N] [--java JAVA_HOME]
"""
import argparse, os, shutil, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

BENCH_JAR = os.path.join(benchlib.ROOT, "bench/target/benchmarks.jar")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    work = benchlib.temp_work("gta-tls-")
    server = None
    try:
        server, trust = benchlib.start_tls_collector(args.java, work)
        command = [java, "-Djavax.net.ssl.trustStore=" + trust, "-cp", BENCH_JAR,
                   "dev.gatsbytelemetry.bench.ColdTlsSteps", "localhost", str(server.server_address[1])]
        steps = {}
        for _ in range(args.runs):
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            for line in out.splitlines():
                step, _, micros = line.rpartition(" ")
                steps.setdefault(step, []).append(int(micros) / 1000)
        log = os.path.join(work, "classes.txt")
        subprocess.run(command[:1] + ["-Xlog:class+load:file=" + log] + command[1:], check=True, capture_output=True)
        with open(log) as f:
            lines = f.read().splitlines()
        print(f"{args.runs} cold runs, {benchlib.java_version(java)}, loadavg {benchlib.loadavg()}")
        for step, values in steps.items():
            print(f"  {step:28} median {statistics.median(values):7.1f} ms  (min {min(values):.1f}, max {max(values):.1f})")
        print(f"  total                        median {statistics.median([sum(v) for v in zip(*steps.values())]):7.1f} ms")
        print(f"  classes loaded: {len(lines)}, from the runtime image (not CDS): "
              f"{sum('source: jrt:/' in l for l in lines)}, of them sun.security.ssl: "
              f"{sum('sun.security.ssl.' in l and 'source: jrt:/' in l for l in lines)}")
    finally:
        if server is not None:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
