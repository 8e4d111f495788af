package bench.noop;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A measuring agent for bench/memory_attribution.py, added beside the agent under test (and beside
 * the no-op agent, so both pay for it): at JVM exit, 150 ms after the shutdown hooks start (the
 * telemetry agent's exit work is done by then), it prints one line with the process's peak and
 * current RSS from /proc/self/status and the resident memory of its mappings by kind, from
 * /proc/self/smaps: the Java heap (the one mapping larger than 300 MB), glibc malloc arenas (a
 * read-write mapping followed by a reserved one, 64 MB together), thread stacks (a read-write
 * mapping right after a small guard), shared libraries, other files, other anonymous memory
 * (metaspace, code cache, GC structures, the main malloc heap).
 */
public final class RssProbeAgent {

    private RssProbeAgent() {
    }

    public static void premain(String args) {
        Runtime.getRuntime().addShutdownHook(new Thread(RssProbeAgent::report, "rss-probe"));
    }

    private static void report() {
        try {
            Thread.sleep(150);
            StringBuilder out = new StringBuilder("RSSPROBE");
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM") || line.startsWith("VmRSS") || line.startsWith("RssAnon")
                        || line.startsWith("RssFile") || line.startsWith("Threads")) {
                    out.append(' ').append(line.replaceAll("\\s+", "").replace("kB", ""));
                }
            }
            List<long[]> ranges = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> perms = new ArrayList<>();
            for (String line : Files.readAllLines(Paths.get("/proc/self/smaps"))) {
                String[] p = line.trim().split("\\s+");
                if (p.length >= 5 && p[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                    String[] r = p[0].split("-");
                    ranges.add(new long[] {Long.parseUnsignedLong(r[0], 16), Long.parseUnsignedLong(r[1], 16), 0});
                    names.add(p.length >= 6 ? p[5] : "");
                    perms.add(p[1]);
                } else if (line.startsWith("Rss:") && !ranges.isEmpty()) {
                    ranges.get(ranges.size() - 1)[2] = Long.parseLong(p[1]);
                }
            }
            Map<String, Long> kinds = new TreeMap<>();
            for (int i = 0; i < ranges.size(); i++) {
                long[] m = ranges.get(i);
                long kb = (m[1] - m[0]) / 1024;
                String name = names.get(i);
                String kind;
                if (!name.isEmpty()) {
                    kind = name.contains(".so") ? "libraries" : "files";
                } else if (perms.get(i).startsWith("---")) {
                    continue;
                } else if (i + 1 < ranges.size() && names.get(i + 1).isEmpty() && perms.get(i + 1).startsWith("---")
                        && ranges.get(i + 1)[0] == m[1] && (ranges.get(i + 1)[1] - m[0]) / 1024 == 65536) {
                    kind = "mallocArenas";
                } else if (kb >= 300 * 1024) {
                    kind = "javaHeap";
                } else if (i > 0 && perms.get(i - 1).startsWith("---") && ranges.get(i - 1)[1] == m[0]
                        && (ranges.get(i - 1)[1] - ranges.get(i - 1)[0]) / 1024 <= 16 && kb >= 200 && kb <= 8200) {
                    kind = "threadStacks";
                } else {
                    kind = "otherAnon";
                }
                kinds.merge(kind, m[2], Long::sum);
            }
            kinds.forEach((k, v) -> out.append(" map.").append(k).append(':').append(v));
            System.out.println(out);
        } catch (Exception | Error e) {
            System.out.println("RSSPROBE failed: " + e);
        }
    }
}
