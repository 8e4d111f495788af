package dev.gatsbytelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The plugins question (and the run counts of commands and environment) against a straightforward
 * reference computation, on either backend: sessions
 * listing random plugins (some in a second, child-JVM metadata event), failing or not, with errors
 * blaming listed, unlisted or no plugins, sent shuffled across batches (so an end or an error often
 * arrives before the metadata it concerns, or after it in a later transaction) and one batch twice.
 * Each session's events share its filter columns and day, so the reference needs no tie-breaking.
 */
final class PluginsScenario {

    private static final List<String> PLUGINS = List.of("a@1", "b@1", "c@2", "d@1", "e@3", "f@1");
    private static final List<String> COMPONENTS = List.of("sitegen", "othertool");
    private static final List<String> VERSIONS = List.of("1.0.0", "1.1.0");
    private static final List<String> COMMANDS = List.of("build", "develop");

    /** The filters the question is asked with (query strings), each checked against the reference. */
    static final List<String> FILTERS = List.of("", "component=sitegen", "version=1.1.0", "command=develop",
            "from=2026-11-03&to=2026-11-07", "component=sitegen&version=1.0.0&command=build&from=2026-11-02&to=2026-11-09");

    private final List<Session> sessions = new ArrayList<>();
    private final List<Map<String, Object>> events = new ArrayList<>();

    private record Session(String machine, String component, String version, String command, int day,
            Set<String> plugins, boolean ended, boolean failed, Set<String> blamed) {

        boolean matches(String query) {
            Map<String, String> filter = new HashMap<>();
            for (String part : query.isEmpty() ? new String[0] : query.split("&")) {
                filter.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
            }
            Predicate<String> dayAtLeast = from -> day >= Integer.parseInt(from.substring(8));
            return (!filter.containsKey("component") || filter.get("component").equals(component))
                    && (!filter.containsKey("version") || filter.get("version").equals(version))
                    && (!filter.containsKey("command") || filter.get("command").equals(command))
                    && (!filter.containsKey("from") || dayAtLeast.test(filter.get("from")))
                    && (!filter.containsKey("to") || !dayAtLeast.test(filter.get("to")));
        }
    }

    PluginsScenario(long seed, int count) {
        Random random = new Random(seed);
        List<String> machines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            machines.add(String.format("%08x-0000-4000-8000-%012d", seed, i));
        }
        for (int i = 0; i < count; i++) {
            String machine = machines.get(random.nextInt(machines.size()));
            String component = COMPONENTS.get(random.nextInt(2));
            String version = VERSIONS.get(random.nextInt(2));
            String command = COMMANDS.get(random.nextInt(2));
            int day = 1 + random.nextInt(10);
            SampleEvents run = new SampleEvents(machine, component, version, command)
                    .at(String.format("2026-11-%02dT%02d:%02d:00.000Z", day, 8 + random.nextInt(10), random.nextInt(60)));
            Set<String> plugins = new LinkedHashSet<>();
            List<String> first = pick(random, random.nextInt(4));
            plugins.addAll(first);
            events.add(run.metadata(first.toArray(String[]::new)));
            if (random.nextInt(3) == 0) {
                List<String> child = pick(random, 1 + random.nextInt(3));
                plugins.addAll(child);
                events.add(run.metadata(child.toArray(String[]::new)));
            }
            Set<String> blamed = new HashSet<>();
            for (int e = random.nextInt(3); e > 0; e--) {
                int which = random.nextInt(PLUGINS.size() + 2);
                String plugin = which < PLUGINS.size() ? PLUGINS.get(which) : which == PLUGINS.size() ? null : "unlisted@9";
                events.add(run.error("java.lang.IllegalStateException", "render", "f" + which, plugin));
                if (plugin != null) {
                    blamed.add(plugin);
                }
            }
            boolean failed = false;
            boolean ended = random.nextInt(7) != 0;
            if (ended) {
                int exit = List.of(0, 0, 0, 1, 1, 3).get(random.nextInt(6));
                events.add(run.end(exit, 10, Map.of()));
                failed = exit != 0;
            }
            sessions.add(new Session(machine, component, version, command, day, plugins, ended, failed, blamed));
        }
    }

    private static List<String> pick(Random random, int n) {
        List<String> shuffled = new ArrayList<>(PLUGINS);
        Collections.shuffle(shuffled, random);
        return new ArrayList<>(shuffled.subList(0, n));
    }

    /** Sends the events shuffled, in batches of {@code perBatch}, and the second batch once more. */
    void send(Http http, long seed, int perBatch) {
        List<Map<String, Object>> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed));
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < shuffled.size(); from += perBatch) {
            batches.add(SampleEvents.json(shuffled.subList(from, Math.min(shuffled.size(), from + perBatch))));
        }
        if (batches.size() > 1) {
            batches.add(batches.get(1));
        }
        for (String batch : batches) {
            HttpResponse<String> response = http.post(batch);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(Http.json(response.body()).path("rejected").asInt()).as(response.body()).isZero();
        }
    }

    /** Every filter of {@link #FILTERS}: the API's plugins rows equal the reference's, field by field. */
    void assertPluginsAnswer(Http http) {
        for (String filter : FILTERS) {
            JsonNode rows = http.getJson("/api/v1/plugins" + (filter.isEmpty() ? "" : "?" + filter));
            Map<String, long[]> expected = reference(filter);
            Map<String, long[]> actual = new TreeMap<>();
            double lastRate = Double.MAX_VALUE;
            for (JsonNode row : rows) {
                long runs = row.path("runs").asLong();
                long errorRuns = row.path("errorRuns").asLong();
                actual.put(row.path("plugin").asString(), new long[] {runs, row.path("machines").asLong(), errorRuns,
                        row.path("failedRuns").asLong()});
                assertThat(row.path("errorRate").asDouble()).as("%s %s", filter, row).isCloseTo((double) errorRuns / runs,
                        org.assertj.core.data.Offset.offset(1e-9));
                assertThat(row.path("errorRate").asDouble()).as("ordered by errorRate: %s", filter).isLessThanOrEqualTo(lastRate);
                lastRate = row.path("errorRate").asDouble();
            }
            assertThat(actual.keySet()).as("plugins with filter '%s'", filter).isEqualTo(expected.keySet());
            expected.forEach((plugin, counts) -> assertThat(actual.get(plugin))
                    .as("%s with filter '%s': runs, machines, errorRuns, failedRuns", plugin, filter).containsExactly(counts));
        }
    }

    /**
     * Every filter of {@link #FILTERS}: the commands question's runs, machines and failures, and the
     * environment question's machines per JDK and per CI-or-local, equal the reference's (a run is a
     * session with an end event).
     */
    void assertRunsAnswers(Http http) {
        for (String filter : FILTERS) {
            String query = filter.isEmpty() ? "" : "?" + filter;
            Map<String, long[]> expected = new TreeMap<>();
            Map<String, Set<String>> machines = new HashMap<>();
            Set<String> allMachines = new HashSet<>();
            for (Session session : sessions) {
                if (session.ended() && session.matches(filter)) {
                    long[] c = expected.computeIfAbsent(session.command(), k -> new long[3]);
                    c[0]++;
                    c[2] += session.failed() ? 1 : 0;
                    machines.computeIfAbsent(session.command(), k -> new HashSet<>()).add(session.machine());
                    allMachines.add(session.machine());
                }
            }
            expected.forEach((command, c) -> c[1] = machines.get(command).size());
            Map<String, long[]> actual = new TreeMap<>();
            for (JsonNode row : http.getJson("/api/v1/commands" + query)) {
                actual.put(row.path("command").asString(), new long[] {row.path("runs").asLong(),
                        row.path("machines").asLong(), row.path("failures").asLong()});
            }
            assertThat(actual.keySet()).as("commands with filter '%s'", filter).isEqualTo(expected.keySet());
            expected.forEach((command, c) -> assertThat(actual.get(command))
                    .as("%s with filter '%s': runs, machines, failures", command, filter).containsExactly(c));
            long runs = expected.values().stream().mapToLong(c -> c[0]).sum();
            for (JsonNode row : http.getJson("/api/v1/environment" + query)) {
                String dimension = row.path("dimension").asString();
                if (dimension.equals("jdk") || dimension.equals("ci")) {
                    // every sample run is local, on JDK 17.0.15
                    assertThat(row.path("runs").asLong()).as("%s with filter '%s'", row, filter).isEqualTo(runs);
                    assertThat(row.path("machines").asLong()).as("%s with filter '%s'", row, filter)
                            .isEqualTo(allMachines.size());
                }
            }
        }
    }

    /** Per plugin: runs, machines, error runs, failed runs, over the sessions the filter selects. */
    private Map<String, long[]> reference(String filter) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Set<String>> machines = new HashMap<>();
        for (Session session : sessions) {
            if (!session.matches(filter)) {
                continue;
            }
            for (String plugin : session.plugins()) {
                long[] c = counts.computeIfAbsent(plugin, p -> new long[4]);
                c[0]++;
                machines.computeIfAbsent(plugin, p -> new HashSet<>()).add(session.machine());
                c[2] += session.blamed().contains(plugin) ? 1 : 0;
                c[3] += session.failed() ? 1 : 0;
            }
        }
        counts.forEach((plugin, c) -> c[1] = machines.get(plugin).size());
        return counts;
    }
}
