#!/usr/bin/env python3
"""Startup benchmark: wall and CPU time of `sitegen build` on a generated site, several variants run
alternately (round-robin, the order reversed every other round, so machine noise hits all of them
alike), reported as medians, medians of paired same-round differences, and ratios.

Variants (pick with --variants; default none,noop,enabled,disabled):
  none       no agent
  noop       an agent whose premain returns at once: the floor of any -javaagent
  enabled    this agent, the five sample stages, no endpoint
  disabled   this agent with GATSBY_TELEMETRY_DISABLED=1 (compare with noop: target +5 ms)
  enabled-nocache  enabled with GATSBY_TELEMETRY_CLASS_CACHE=false: every run rewrites its hooked
             classes with ASM (what the hooked-class cache saves)
  enabled-cachemiss  enabled with the hooked-class cache emptied before each run: a first run's
             rewrite plus writing the cache entries
  enabled-api  enabled plus GATSBY_TELEMETRY_API at a loopback collector answering 200, default
             send interval (60 min): after the first delivery, runs only spool
  enabled-api-every  the same with GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES=0: every run sends
  enabled-https, enabled-https-every  the same two against a loopback https collector (a
             self-signed certificate made with openssl; when either is chosen, every variant runs
             with -Djavax.net.ssl.trustStore= a copy of the JDK's cacerts plus that certificate)
  X-appcds   variant X with a dynamic AppCDS archive of the app made beforehand by one
             -XX:ArchiveClassesAtExit run without agent (X = none, noop, enabled, disabled)
  X-appcdsagent  variant X with an archive dumped with its agent attached (needs the diagnostic
             -XX:+AllowArchivingWithJavaAgent at dump and run time, and the JVM says so on stderr)
  X-aot      variant X with a JDK 25 AOT cache (-XX:AOTCache) trained by one run of variant X itself
             (-XX:AOTCacheOutput; the agent stays off while the JVM creates the cache)
  X-c1       variant X with -XX:TieredStopAtLevel=1
  X-noshare  variant X with -Xshare:off (what CDS saves)
--jvm-flag F (repeatable) adds F to every variant, e.g. --jvm-flag=-Xlog:class+load:file=/tmp/x.log.
--base-agent JAR: a variant X@base is X with that agent jar instead of this build's (e.g. main's
build in a temp clone), measured alternately with the others: a change's cost side by side.

CPU time (user+sys of the child, all its threads) is far less disturbed by other load on the
machine than wall time; both are reported. Usage: bench/startup.sh [--runs N] [--pages N] [--java JAVA_HOME]
"""
import argparse, os, resource, shutil, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

EVERY_RUN = {"GATSBY_TELEMETRY_SEND_INTERVAL_MINUTES": "0"}
SUFFIX_FLAGS = {"c1": ["-XX:TieredStopAtLevel=1"], "noshare": ["-Xshare:off"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="none,noop,enabled,disabled")
    parser.add_argument("--command", default="build")
    parser.add_argument("--jvm-flag", action="append", default=[])
    parser.add_argument("--base-agent", default=None)
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")

    work = benchlib.temp_work("gta-bench-")
    collector = None
    tls_collector = None
    try:
        noop = benchlib.build_noop_agent(args.java, work)
        site = benchlib.make_site(java, work, args.pages)
        env0 = benchlib.base_env(work)
        stages = {"GATSBY_TELEMETRY_STAGES": benchlib.STAGES}
        app = ["-jar", benchlib.APP, args.command]
        base = {
            "none": ([], {}),
            "noop": (["-javaagent:" + noop], {}),
            "enabled": (["-javaagent:" + benchlib.AGENT], stages),
            "disabled": (["-javaagent:" + benchlib.AGENT], {**stages, "GATSBY_TELEMETRY_DISABLED": "1"}),
            "enabled-nocache": (["-javaagent:" + benchlib.AGENT], {**stages, "GATSBY_TELEMETRY_CLASS_CACHE": "false"}),
            "enabled-cachemiss": (["-javaagent:" + benchlib.AGENT], stages),
            "enabled-api": (["-javaagent:" + benchlib.AGENT], stages),
            "enabled-api-every": (["-javaagent:" + benchlib.AGENT], {**stages, **EVERY_RUN}),
            "enabled-https": (["-javaagent:" + benchlib.AGENT], stages),
            "enabled-https-every": (["-javaagent:" + benchlib.AGENT], {**stages, **EVERY_RUN}),
        }
        chosen = args.variants.split(",")
        variants = {}
        if any(name.startswith("enabled-https") for name in chosen):
            tls_collector, trust_store = benchlib.start_tls_collector(args.java, work)
            args.jvm_flag.append("-Djavax.net.ssl.trustStore=" + trust_store)
        for name in chosen:
            base_jar = None
            if name.endswith("@base"):
                if not args.base_agent:
                    sys.exit(f"{name} needs --base-agent")
                base_jar = os.path.abspath(args.base_agent)
            vname = name.split("@")[0]
            root, _, suffix = vname.partition("-") if vname not in base else (vname, "", "")
            if root not in base or (suffix and suffix not in SUFFIX_FLAGS and suffix not in ("appcds", "appcdsagent", "aot")):
                sys.exit(f"unknown variant {name}")
            flags, extra = base[root]
            flags = list(flags) + list(args.jvm_flag)
            if vname.startswith("enabled-https"):
                extra = {**extra, "GATSBY_TELEMETRY_API": f"https://localhost:{tls_collector.server_address[1]}/v1/events"}
            if vname.startswith("enabled-api"):
                if collector is None:
                    collector = benchlib.LoopbackCollector()
                    threading.Thread(target=collector.serve_forever, daemon=True).start()
                extra = {**extra, "GATSBY_TELEMETRY_API": f"http://127.0.0.1:{collector.server_address[1]}/v1/events"}
            if suffix in SUFFIX_FLAGS:
                flags += SUFFIX_FLAGS[suffix]
            elif suffix == "appcds":
                # An archive of the app's own run, made once without any agent: what a maintainer
                # can ship (dumping with an agent needs a diagnostic flag, and the JVM then warns).
                archive = os.path.join(work, "app.jsa")
                if not os.path.exists(archive):
                    subprocess.run([java, f"-XX:ArchiveClassesAtExit={archive}"] + list(args.jvm_flag) + app,
                                   cwd=site, env=env0, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   check=True)
                flags += [f"-XX:SharedArchiveFile={archive}"]
            elif suffix == "aot":
                # JDK 24+: train once with the variant's own flags (a cache made without -javaagent is
                # refused, with an error on stderr, by a JVM that has one), then use the cache.
                archive = os.path.join(work, f"{root}.aot")
                subprocess.run([java, f"-XX:AOTCacheOutput={archive}"] + flags + app, cwd=site,
                               env={**env0, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                flags += [f"-XX:AOTCache={archive}"]
            elif suffix == "appcdsagent":
                # An archive dumped with this variant's agent attached, agent classes included.
                archive = os.path.join(work, f"{root}-agent.jsa")
                subprocess.run([java, f"-XX:ArchiveClassesAtExit={archive}", "-XX:+UnlockDiagnosticVMOptions",
                                "-XX:+AllowArchivingWithJavaAgent"] + flags + app, cwd=site,
                               env={**env0, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                flags += ["-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent",
                          f"-XX:SharedArchiveFile={archive}"]
            # Each variant its own spool and delivery state: one variant's deliveries or failures
            # must not decide whether another's runs send.
            extra = {**extra, "XDG_CONFIG_HOME": os.path.join(work, "config-" + name)}
            if base_jar:
                flags = [f.replace(benchlib.AGENT, base_jar) for f in flags]
            variants[name] = ([java] + flags + app, extra)

        stderr_seen = {}
        for name in chosen:  # warm the page cache and the first-run state once per variant
            cmd, extra = variants[name]
            r = subprocess.run(cmd, cwd=site, env={**env0, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if r.stderr.strip():
                stderr_seen[name] = r.stderr.decode(errors="replace").strip().splitlines()[0]
        wall = {n: [] for n in chosen}
        cpu = {n: [] for n in chosen}
        load_before = benchlib.loadavg()
        for i in range(args.runs):
            for name in (chosen if i % 2 == 0 else list(reversed(chosen))):
                cmd, extra = variants[name]
                if name.split("@")[0] == "enabled-cachemiss":
                    shutil.rmtree(os.path.join(extra["XDG_CONFIG_HOME"], "gatsby-telemetry-agent", "hooked-classes"), ignore_errors=True)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                result = subprocess.run(cmd, cwd=site, env={**env0, **extra},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                elapsed = (time.perf_counter() - start) * 1000
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if result.returncode != 0:
                    sys.exit(f"{name} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
                wall[name].append(elapsed)
                cpu[name].append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
        print(f"sitegen {args.command}, {args.pages} pages, {args.runs} alternating runs each, "
              f"{benchlib.java_version(java)}, {os.cpu_count()} cpus, "
              f"loadavg before {load_before}, after {benchlib.loadavg()}"
              + (f", extra flags {' '.join(args.jvm_flag)}" if args.jvm_flag else ""))
        baselines = [b for b in ("none", "noop") if b in chosen]
        medians = benchlib.report("wall time", wall, baselines)
        benchlib.report("CPU time (user+sys, all threads)", cpu, baselines)
        if "none" in medians:
            print("  " + ", ".join(f"{n}/none = {medians[n] / medians['none']:.3f}" for n in chosen if n != "none"))
        for label, server in (("http", collector), ("https", tls_collector)):
            if server is not None:
                print(f"  the {label} collector received {server.posts} POSTs ({server.bytes} bytes) in "
                      f"{args.runs + 1} runs of each variant")
        for name, line in stderr_seen.items():
            print(f"  note: {name} wrote to stderr: {line}")
    finally:
        for server in (collector, tls_collector):
            if server is not None:
                server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
