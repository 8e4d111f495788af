package dev.gatsbytelemetry.agent.sanitizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the golden corpus {@code sanitizer/corpus.txt}; its header describes the format. */
class SanitizerCorpusTest {

    record Case(String settings, String id, String input, String expected) {
    }

    private static final Map<String, Sanitizer> SANITIZERS = new HashMap<>();

    static List<Case> load() throws IOException {
        String text;
        try (InputStream in = SanitizerCorpusTest.class.getResourceAsStream("/sanitizer/corpus.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String settings = null;
        String id = null;
        List<String> input = null;
        List<String> expected = null;
        for (String line : text.split("\n", -1)) {
            boolean structural = line.startsWith("===") || line.startsWith("##");
            if (structural && id != null) {
                cases.add(finish(settings, id, input, expected));
                id = null;
            }
            if (line.startsWith("## settings:")) {
                settings = line.substring("## settings:".length()).trim();
            } else if (line.startsWith("=== ")) {
                id = line.substring(4).trim();
                input = new ArrayList<>();
                expected = null;
            } else if (id != null && expected == null && line.equals("---")) {
                expected = new ArrayList<>();
            } else if (id != null) {
                (expected == null ? input : expected).add(line);
            }
        }
        if (id != null) {
            cases.add(finish(settings, id, input, expected));
        }
        return cases;
    }

    private static Case finish(String settings, String id, List<String> input, List<String> expected) {
        if (expected == null) {
            throw new IllegalStateException("case " + id + " has no --- line");
        }
        while (!expected.isEmpty() && expected.get(expected.size() - 1).isEmpty()) {
            expected.remove(expected.size() - 1);
        }
        return new Case(settings, id, String.join("\n", input), String.join("\n", expected));
    }

    static Stream<Arguments> cases() throws IOException {
        return load().stream().map(c -> Arguments.of(c.settings + "/" + c.id, c));
    }

    private static synchronized Sanitizer sanitizer(String settings) {
        return SANITIZERS.computeIfAbsent(settings, s -> new Sanitizer(Fixtures.named(s)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sanitizesAsExpected(String name, Case c) {
        Sanitizer s = sanitizer(c.settings);
        RedactionCounts counts = new RedactionCounts();
        String actual = s.sanitizeText(c.input, counts);
        assertThat(actual).as(name).isEqualTo(c.expected);
        assertThat(counts.isEmpty()).as("counts of " + name + ": " + counts)
                .isEqualTo(c.input.equals(c.expected));
        // sanitizing twice changes nothing more and counts nothing
        RedactionCounts again = new RedactionCounts();
        assertThat(s.sanitizeText(actual, again)).as("idempotent " + name).isEqualTo(actual);
        assertThat(again.snapshot()).as("second pass counts of " + name).isEmpty();
    }

    @Test
    void corpusIsLargeAndIdsAreUnique() throws IOException {
        List<Case> cases = load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
        Set<String> ids = new HashSet<>();
        for (Case c : cases) {
            assertThat(ids.add(c.settings + "/" + c.id)).as("duplicate id " + c.id).isTrue();
        }
        assertThat(cases).extracting(Case::settings).contains("unix", "windows", "mac");
    }
}
