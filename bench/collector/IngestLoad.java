import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import com.sun.management.OperatingSystemMXBean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Load generator for the collector's ingest, JDK only (run as a single source file):
 *
 * <pre>java bench/collector/IngestLoad.java --url http://127.0.0.1:8787/v1/events --seconds 60
 *     --clients 8 --batch 100 --rate 20000 [--version 1|2] [--no-gzip] [--prepare EVENTS] [--start-file PATH]</pre>
 *
 * Each client sends gzip'd batches of agent-shaped events (start, metadata, end with five stages, and
 * now and then an error, all schema-valid, fresh ids) on a fixed schedule that adds up to --rate
 * events/s (0: as fast as answers come). Latency counts from the scheduled send time, so a slow
 * collector cannot hide behind a client that waited (no coordinated omission). Prints one summary.
 *
 * <p>It shares the collector's cores, so it is kept cheap (measured, BENCHMARKS.md, session 5): the
 * JDK's blocking {@link HttpURLConnection} with keep-alive instead of {@code java.net.http.HttpClient}
 * (whose asynchronous machinery cost more CPU per request than building and compressing the body), and
 * gzip at its fastest level (the collector inflates any level alike; the agent uses the default).
 * Events are dated now, as an agent's are.
 *
 * <p>{@code --prepare N} builds and compresses the bodies of N events before the measured window (on
 * all cores, each event still with its own fresh ids, dated when prepared), so that the window measures
 * the collector rather than the generator's JSON and gzip work (~4 µs of CPU per event); clients build
 * on the fly once the prepared bodies run out (counted in the summary). {@code --start-file F}: once
 * prepared, print {@code prepared} and wait until F exists, so a script can sample the collector's CPU
 * right at the window's start. The summary gives the generator's own CPU over the window.
 */
public final class IngestLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-gzip")) {
                a.put("no-gzip", "true");
            } else {
                a.put(args[i].substring(2), args[++i]);
            }
        }
        URI url = URI.create(a.getOrDefault("url", "http://127.0.0.1:8787/v1/events"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "8"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "100"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "20000"));
        int version = Integer.parseInt(a.getOrDefault("version", "1"));
        boolean gzip = !a.containsKey("no-gzip");
        int prepare = Integer.parseInt(a.getOrDefault("prepare", "0"));
        ConcurrentLinkedQueue<byte[]> prepared = new ConcurrentLinkedQueue<>();
        IntStream.range(0, (prepare + batch - 1) / batch).parallel()
                .forEach(i -> prepared.add(body(batch, version, gzip)));
        int preparedBodies = prepared.size();
        if (a.containsKey("start-file")) {
            System.out.println("prepared " + preparedBodies + " bodies");
            System.out.flush();
            Path startFile = Path.of(a.get("start-file"));
            while (!Files.exists(startFile)) {
                Thread.sleep(5);
            }
        }
        AtomicLong builtOnTheFly = new AtomicLong();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuAtStart = os.getProcessCpuTime();

        URL endpoint = url.toURL();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // Nanoseconds between two requests of one client, for the whole fleet to reach the rate.
        long interval = rate <= 0 ? 0 : (long) (1e9 * batch * clients / rate);
        AtomicLong accepted = new AtomicLong();
        AtomicLong sentEvents = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[200_000];
            latencies.add(mine);
            int offset = c;
            Thread t = new Thread(() -> {
                int n = 0;
                long next = start + (interval * offset) / Math.max(1, clients);
                while (true) {
                    long now = System.nanoTime();
                    if (interval > 0) {
                        if (next >= end) {
                            break;
                        }
                        if (next > now) {
                            sleepUntil(next);
                        }
                    } else if (now >= end) {
                        break;
                    }
                    long scheduled = interval > 0 ? next : System.nanoTime();
                    byte[] body = prepared.poll();
                    if (body == null) {
                        body = body(batch, version, gzip);
                        builtOnTheFly.incrementAndGet();
                    }
                    int status;
                    String answer = "";
                    try {
                        HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection();
                        connection.setConnectTimeout(5_000);
                        connection.setReadTimeout(30_000);
                        connection.setDoOutput(true);
                        connection.setRequestMethod("POST");
                        connection.setFixedLengthStreamingMode(body.length);
                        connection.setRequestProperty("Content-Type", "application/json");
                        if (gzip) {
                            connection.setRequestProperty("Content-Encoding", "gzip");
                        }
                        try (OutputStream out = connection.getOutputStream()) {
                            out.write(body);
                        }
                        status = connection.getResponseCode();
                        // Read to the end, so the connection goes back to the keep-alive cache.
                        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                            answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    } catch (IOException e) {
                        status = -1;
                    }
                    long latency = System.nanoTime() - scheduled;
                    if (n < mine.length) {
                        mine[n++] = latency;
                    }
                    sentEvents.addAndGet(batch);
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    if (status == 200) {
                        int i = answer.indexOf("\"accepted\":");
                        accepted.addAndGet(Long.parseLong(answer.substring(i + 11, answer.indexOf(',', i))));
                    }
                    next += interval;
                }
                mine[mine.length - 1] = n;
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double windowCpu = (os.getProcessCpuTime() - cpuAtStart) / 1e9;
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).sorted().toArray();
        System.out.printf("seconds=%.1f clients=%d batch=%d target=%.0f/s gzip=%s version=%d%n", elapsed, clients, batch,
                rate, gzip, version);
        System.out.printf("requests=%d statuses=%s%n", all.length, new TreeMap<>(statuses));
        System.out.printf("accepted events=%d  accepted rate=%.0f events/s%n", accepted.get(), accepted.get() / elapsed);
        System.out.printf("latency ms p50=%.1f p90=%.1f p99=%.1f max=%.1f%n", pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        System.out.printf("generator window cpu seconds=%.2f  bodies prepared=%d built in the window=%d%n", windowCpu,
                preparedBodies, builtOnTheFly.get());
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static final String OS = "\"osInformation\":{\"platform\":\"linux\",\"release\":\"6.1\",\"arch\":\"x64\","
            + "\"cpus\":null,\"cpuCount\":8,\"javaVersion\":\"17.0.15\",\"javaVendor\":\"Debian\",\"ci\":false,"
            + "\"ciName\":null,\"docker\":false,\"termProgram\":null,\"isTTY\":true}";

    /** {@code n} events of runs of four: start, metadata, end (five stages), start-or-error. */
    static byte[] body(int n, int version, boolean gzip) {
        StringBuilder json = new StringBuilder(n * 900).append('[');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String session = UUID.randomUUID().toString();
        String machine = "00000000-0000-4000-8000-" + String.format("%012d", random.nextInt(5000));
        for (int i = 0; i < n; i++) {
            if (i % 4 == 0) {
                session = UUID.randomUUID().toString();
            }
            String command = random.nextInt(3) == 0 ? "develop" : "build";
            String upper = command.toUpperCase();
            String type;
            String extra;
            switch (i % 4) {
                case 0 -> {
                    type = version >= 2 ? "CLI_RAW_COMMAND_" + upper : "CLI_COMMAND_" + upper;
                    extra = "";
                }
                case 1 -> {
                    type = "CLI_COMMAND_METADATA";
                    extra = ",\"plugins\":[\"md@1.2\",\"sass@" + random.nextInt(3) + "\",\"img@2\"],\"classPathSize\":7,\"droppedEvents\":0";
                }
                case 2 -> {
                    type = version >= 2 ? "CLI_COMMAND_" + upper + "_END" : upper + "_END";
                    StringBuilder stages = new StringBuilder("{");
                    String[] names = {"loadConfig", "sourceContent", "transform", "render", "write"};
                    for (int s = 0; s < names.length; s++) {
                        int total = 1 + random.nextInt(400);
                        stages.append(s == 0 ? "" : ",").append('"').append(names[s]).append("\":{\"count\":")
                                .append(1 + random.nextInt(50)).append(",\"errors\":0,\"total\":").append(total)
                                .append(",\"min\":0.1,\"max\":").append(total).append(",\"mean\":1.5}");
                    }
                    stages.append('}');
                    int exit = random.nextInt(10) == 0 ? 1 : 0;
                    extra = ",\"exitCode\":" + exit + ",\"exitReason\":\"" + (exit == 0 ? "return" : "exit")
                            + "\",\"duration\":" + random.nextInt(5000) + ",\"stages\":" + stages;
                }
                default -> {
                    if (random.nextInt(4) == 0) {
                        type = "CLI_ERROR_UNCAUGHT_EXCEPTION";
                        extra = ",\"errorKind\":\"UNCAUGHT_EXCEPTION\",\"exceptionType\":\"java.lang.IllegalStateException\","
                                + "\"stage\":\"render\"," + (version >= 2 ? "\"plugin\":null," : "") + "\"mainThread\":true,"
                                + "\"errorV2\":{\"id\":\"" + Integer.toHexString(random.nextInt(64)) + "\",\"type\":"
                                + "\"java.lang.IllegalStateException\",\"text\":\"java.lang.IllegalStateException: missing partial\","
                                + "\"stack\":\"java.lang.IllegalStateException: missing partial\\n\\tat org.example.Render.render(Render.java)\","
                                + "\"level\":\"ERROR\",\"context\":{\"stage\":\"render\",\"mainThread\":true}}";
                    } else {
                        type = version >= 2 ? "CLI_RAW_COMMAND_" + upper : "CLI_COMMAND_" + upper;
                        extra = "";
                    }
                }
            }
            json.append(i == 0 ? "" : ",").append("{\"eventType\":\"").append(type).append("\",\"eventId\":\"")
                    .append(UUID.randomUUID()).append("\",\"time\":\"").append(now).append("\",\"schemaVersion\":")
                    .append(version).append(",\"sessionId\":\"").append(session).append("\",\"command\":\"").append(command)
                    .append("\",\"agentVersion\":\"0.1.0\",\"machineId\":\"").append(machine)
                    .append("\",\"componentId\":\"sitegen\",\"componentVersion\":\"1.").append(random.nextInt(3))
                    .append(".0\",\"repositoryId\":\"pwd:").append("a".repeat(64)).append("\",\"repositoryData\":{},")
                    .append(OS).append(extra).append('}');
        }
        byte[] plain = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        if (!gzip) {
            return plain;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 5);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
