#!/usr/bin/env python3
"""What the agent costs real tools: wall, CPU (user+sys, all threads) and peak RSS of one run of a
tool, variants run alternately in one invocation (order reversed every other round), reported as
medians and paired same-round differences against the no-op agent and no agent.

Tools (--tool):
  checkstyle   checkstyle 12.3.1 on one small Java file with -c /google_checks.xml (~4,000 classes)
  checkstyle-version  the same jar, `-V` (a ~0.25 s picocli command)
  hello        a tiny picocli CLI generated here (`hello greet --name x`, ~0.1-0.2 s)
  mvn          `mvn -o -q validate` on a generated one-module project, the agent in MAVEN_OPTS
               (the installed Maven, or --maven-home)
Artifacts (checkstyle, picocli) are resolved the standard way: `mvn dependency:build-classpath` on a
tiny generated pom (offline first; online only if the local repository lacks them). Nothing
third-party is committed.

Variants (--variants; default none,noop,enabled-api,disabled):
  none, noop   no agent; an agent whose premain returns at once (the floor of any -javaagent)
  noop-transformer  an agent that registers one transformer returning null for every class
  noop-retransform  the no-op agent with Can-Retransform-Classes: true in its manifest
  enabled      this agent, default settings (entry point = the main class), no endpoint
  enabled-api  the same with GATSBY_TELEMETRY_API at a loopback collector answering 200, default send
               interval: after the warm-up run's delivery every measured run only spools
  enabled-cachemiss  enabled-api with the hooked-class cache emptied before each run (a first run)
  disabled     GATSBY_TELEMETRY_DISABLED=1
  before, before-api  enabled / enabled-api with another build of the agent (--before-agent JAR)
  before-cachemiss    enabled-cachemiss with that other build (its first run, side by side)

Usage: bench/real_tools.sh --tool checkstyle [--runs N] [--java JAVA_HOME] [--variants ...]
"""
import argparse, os, shutil, subprocess, sys, threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


HELLO = """package hello;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hello", subcommands = Hello.Greet.class, mixinStandardHelpOptions = true, version = "1.0")
public class Hello implements Runnable {
    public void run() {
        System.out.println("try: hello greet");
    }

    @Command(name = "greet")
    static class Greet implements Callable<Integer> {
        @Option(names = "--name", defaultValue = "world")
        String name;

        public Integer call() {
            System.out.println("Hello, " + name + "!");
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Hello()).execute(args));
    }
}
"""

CHECKED = """package demo;

import java.util.ArrayList;
import java.util.List;

/** A small class to check. */
public final class Greeter {
    private final List<String> names = new ArrayList<>();

    /** Adds a name. */
    public void add(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        names.add(name);
    }

    /** Greets everybody. */
    public String greet() {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append("Hello, ").append(name).append('\\n');
        }
        return out.toString();
    }
}
"""


def resolve_classpath(work, group, artifact, version):
    """The artifact's jar and its runtime dependencies, as Maven resolves them."""
    project = os.path.join(work, f"resolve-{artifact}")
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, "pom.xml"), "w") as f:
        f.write(f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>resolve-{artifact}</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version></dependency></dependencies>
</project>
""")
    out = os.path.join(project, "cp.txt")
    for offline in (["-o"], []):
        r = subprocess.run(["mvn", "-B", "-q"] + offline + ["dependency:build-classpath", f"-Dmdep.outputFile={out}"],
                           cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode == 0:
            with open(out) as f:
                return f.read().strip()
    sys.exit(f"cannot resolve {group}:{artifact}:{version}:\n{r.stdout.decode()[-2000:]}")


def make_tool(tool, java_home, work):
    """Returns (command without JVM flags as a function of the flags, cwd, uses MAVEN_OPTS)."""
    java = os.path.join(java_home, "bin/java")
    if tool.startswith("checkstyle"):
        cp = resolve_classpath(work, "com.puppycrawl.tools", "checkstyle", "12.3.1")
        src = os.path.join(work, "checked")
        os.makedirs(src, exist_ok=True)
        with open(os.path.join(src, "Greeter.java"), "w") as f:
            f.write(CHECKED)
        args = ["-V"] if tool == "checkstyle-version" else ["-c", "/google_checks.xml", "Greeter.java"]
        return (lambda flags: [java] + flags + ["-cp", cp, "com.puppycrawl.tools.checkstyle.Main"] + args), src, False
    if tool == "hello":
        cp = resolve_classpath(work, "info.picocli", "picocli", "4.7.7")
        src = os.path.join(work, "hello-src/hello")
        os.makedirs(src)
        with open(os.path.join(src, "Hello.java"), "w") as f:
            f.write(HELLO)
        classes = os.path.join(work, "hello-classes")
        subprocess.run([os.path.join(java_home, "bin/javac"), "-cp", cp, "-d", classes,
                        os.path.join(src, "Hello.java")], check=True)
        return (lambda flags: [java] + flags + ["-cp", classes + ":" + cp, "hello.Hello", "greet", "--name", "bench"]), \
            work, False
    if tool == "mvn":
        project = os.path.join(work, "mvn-project")
        os.makedirs(os.path.join(project, "src/main/java/demo"))
        with open(os.path.join(project, "pom.xml"), "w") as f:
            f.write("""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>small</artifactId><version>1.0</version>
  <properties><maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
</project>
""")
        with open(os.path.join(project, "src/main/java/demo/Greeter.java"), "w") as f:
            f.write(CHECKED)
        return (lambda flags: ["mvn", "-o", "-q", "-B", "validate"]), project, True
    sys.exit(f"unknown tool {tool}")


def tool_environment(tool, java_home, work):
    """The environment every variant of a tool's runs starts from."""
    env = {**benchlib.base_env(work), "JAVA_HOME": java_home}
    if tool == "mvn":
        env["HOME"] = os.environ.get("HOME", env["HOME"])  # the local repository holds Maven's plugins
    return env


def variant_run(command, maven_opts, env0, work, name, flags, extra):
    """(command, environment) of one variant: its own config home, so variants never share the agent's
    state; Maven takes the JVM flags through MAVEN_OPTS."""
    env = {**env0, **extra, "XDG_CONFIG_HOME": os.path.join(work, "config-" + name)}
    if maven_opts:
        env["MAVEN_OPTS"] = " ".join(flags)
    return command(flags), env


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", default="checkstyle")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--java", default=benchlib.DEFAULT_JAVA)
    parser.add_argument("--variants", default="none,noop,enabled-api,disabled")
    parser.add_argument("--before-agent", help="agent jar for the variants 'before' and 'before-api'")
    parser.add_argument("--jvm-flag", action="append", default=[])
    args = parser.parse_args()
    benchlib.require_built()
    java = os.path.join(args.java, "bin/java")
    chosen = args.variants.split(",")
    work = benchlib.temp_work("gta-tools-")
    collector = benchlib.LoopbackCollector()
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        command, cwd, maven_opts = make_tool(args.tool, args.java, work)
        api = {"GATSBY_TELEMETRY_API": f"http://127.0.0.1:{collector.server_address[1]}/v1/events"}
        agent = "-javaagent:" + benchlib.AGENT
        before = "-javaagent:" + str(args.before_agent)
        base = {
            "none": ([], {}),
            "noop": (["-javaagent:" + benchlib.build_noop_agent(args.java, work)], {}),
            "noop-transformer": (["-javaagent:" + benchlib.build_noop_agent(args.java, work, "NoopTransformerAgent")], {}),
            "noop-retransform": (["-javaagent:" + benchlib.build_noop_agent(args.java, work, retransform=True)], {}),
            "enabled": ([agent], {}),
            "enabled-api": ([agent], api),
            "enabled-cachemiss": ([agent], api),
            "disabled": ([agent], {"GATSBY_TELEMETRY_DISABLED": "1"}),
            "before": ([before], {}),
            "before-api": ([before], api),
            "before-cachemiss": ([before], api),
        }
        env0 = tool_environment(args.tool, args.java, work)
        variants = {}
        for name in chosen:
            flags, extra = base[name]
            variants[name] = variant_run(command, maven_opts, env0, work, name, flags + args.jvm_flag, extra)
        wall, cpu, rss = ({n: [] for n in chosen} for _ in range(3))
        load_before = benchlib.loadavg()
        for round_ in range(args.runs + 1):
            for name in (chosen if round_ % 2 == 0 else list(reversed(chosen))):
                cmd, env = variants[name]
                if name in ("enabled-cachemiss", "before-cachemiss"):
                    shutil.rmtree(os.path.join(env["XDG_CONFIG_HOME"], "gatsby-telemetry-agent", "hooked-classes"),
                                  ignore_errors=True)
                    shutil.rmtree(os.path.join(env["XDG_CONFIG_HOME"], "gatsby", "hooked-classes"), ignore_errors=True)
                w, c, r, code, err = benchlib.run_measured(cmd, cwd, env)
                if code != 0:
                    sys.exit(f"{name} failed ({code}): {err.decode(errors='replace')[-2000:]}")
                if round_ == 0:
                    continue  # warm-up: page cache, the agent's first run (notice, first delivery)
                wall[name].append(w)
                cpu[name].append(c)
                rss[name].append(r)
        print(f"{args.tool}, {args.runs} alternating runs each, {benchlib.java_version(java)}, "
              f"loadavg before {load_before}, after {benchlib.loadavg()}")
        baselines = [b for b in ("noop", "none") if b in chosen]
        benchlib.report("wall time", wall, baselines)
        benchlib.report("CPU time (user+sys, all threads)", cpu, baselines)
        benchlib.report("peak RSS", rss, baselines, unit="MiB")
        print(f"  the collector received {collector.posts} POSTs ({collector.bytes} bytes)")
    finally:
        collector.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
