"""Shared helpers of the process-level benchmarks (startup, exit delay, memory).

Every benchmark here runs its variants alternately in one invocation (so machine noise hits all
of them alike), reports medians, the median of the per-round paired differences against a
baseline, and the load average before and after: on a busy machine the figures are only as good as
that load.
"""
import gzip, http.server, json, os, statistics, subprocess, sys, tempfile, threading

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


def build_noop_agent(java_home, work, name="NoopAgent", retransform=False):
    """The floor of any -javaagent: an agent jar whose premain returns at once. With
    name="NoopTransformerAgent": one that registers a transformer changing nothing (what the JVM
    charges per loaded class while any transformer is registered). retransform=True adds
    Can-Retransform-Classes to the manifest (the JVMTI capability the agent's JDK hooks need)."""
    src = os.path.join(ROOT, f"bench/noop-agent/{name}.java")
    classes = os.path.join(work, f"{name}-classes")
    subprocess.run([os.path.join(java_home, "bin/javac"), "-d", classes, src], check=True)
    manifest = os.path.join(work, f"{name}-{retransform}-manifest.txt")
    with open(manifest, "w") as f:
        f.write(f"Premain-Class: bench.noop.{name}\n" + ("Can-Retransform-Classes: true\n" if retransform else ""))
    jar = os.path.join(work, f"{name}{'-retransform' if retransform else ''}.jar")
    subprocess.run([os.path.join(java_home, "bin/jar"), "cfm", jar, manifest, "-C", classes, "."], check=True)
    return jar


def run_measured(cmd, cwd, env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL):
    """Runs one process to its end; returns (wall ms, CPU ms = user + sys of all its threads and
    its children, peak RSS MiB of the largest of them, exit code, stderr bytes). os.wait4 gives the
    child's own rusage, so the peak RSS is per run (RUSAGE_CHILDREN's is a running maximum)."""
    import time
    err_file = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=err_file)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_file.seek(0)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024, proc.returncode, err_file.read()


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


def start_tls_collector(java_home, work):
    """An https collector on loopback answering 200, with a self-signed certificate for localhost
    (openssl), and a trust store for the JVM: a copy of the JDK's cacerts plus that certificate, so
    the agent's TLS stack does the same work as against a real collector (full trust store loaded,
    certificate and host name checked). JKS, not PKCS12: without a trustStorePassword the JDK cannot
    read a PKCS12 store's certificates and trusts nothing. Returns (server, trust store path)."""
    import ssl
    cert, key, trust = (os.path.join(work, n) for n in ("tls-cert.pem", "tls-key.pem", "tls-trust.jks"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    keytool = os.path.join(java_home, "bin/keytool")
    subprocess.run([keytool, "-importkeystore", "-srckeystore", os.path.join(java_home, "lib/security/cacerts"),
                    "-srcstorepass", "changeit", "-destkeystore", trust, "-deststoretype", "jks",
                    "-deststorepass", "changeit", "-noprompt"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([keytool, "-importcert", "-noprompt", "-alias", "bench-collector", "-file", cert,
                    "-keystore", trust, "-storepass", "changeit"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = LoopbackCollector()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, trust


class LoopbackCollector(http.server.ThreadingHTTPServer):
    """A healthy collector on 127.0.0.1: answers 200 to every POST, counts requests and bytes, and,
    when asked (keep_events), keeps the events it received by eventId (gzip bodies decoded)."""
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, keep_events=False):
        super().__init__(("127.0.0.1", 0), _CollectorHandler)
        self.lock = threading.Lock()
        self.keep_events = keep_events
        self.posts = 0
        self.bytes = 0
        self.events = {}  # eventId -> event

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server_address[1]}/v1/events"

    def snapshot(self):
        with self.lock:
            return list(self.events.values())

    def handle_error(self, request, client_address):
        pass  # a sender that closes its connection when its exit budget is spent: by design, not news


class _CollectorHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        batch = []
        if self.server.keep_events:
            raw = gzip.decompress(body) if self.headers.get("Content-Encoding") == "gzip" else body
            try:
                batch = json.loads(raw)
            except ValueError:
                batch = []
        with self.server.lock:
            self.server.posts += 1
            self.server.bytes += len(body)
            for event in batch:
                self.server.events.setdefault(event.get("eventId"), event)
        reply = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass
