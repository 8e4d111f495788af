package dev.gatsbytelemetry.agent.recorder;

import static dev.gatsbytelemetry.agent.sanitizer.SecretShapes.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.command.CompiledTool;
import dev.gatsbytelemetry.agent.config.AgentConfig;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import dev.gatsbytelemetry.agent.event.TelemetryEvent;
import dev.gatsbytelemetry.agent.sanitizer.SecretShapes;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated command lines, each carrying secret and personal shapes (tokens, key ids,
 * card numbers, IP and e-mail addresses, hex tokens, the host's name, values of {@code *_TOKEN}
 * variables, names of files in the working directory, people's names) in every position: as the
 * first word, as an option's value, after the command. None may appear in any field or the type of
 * the events the recorder completes; the tool's own commands still come through. Seeded.
 */
class CommandLinePropertyTest {

    private static final long SEED = Long.getLong("commands.seed", 0x14C0FFEEL);
    private static final int CASES = 2500;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789abcdef";
    private static final String HOST = "quillhost7";
    private static final String[] TOOL_WORDS = {"build", "update-sql", "deploy"};
    private static final String[] OPTIONS = {"--verbose", "-v", "--out", "-f", "--token", "--password", "--dir=site",
        "--", "-x"};

    @TempDir
    static Path dir;
    private static CompiledTool tool;
    private static URLClassLoader loader;

    @BeforeAll
    static void compile() throws IOException {
        tool = CompiledTool.compile(dir.resolve("tool"));
        loader = new URLClassLoader(new URL[] {tool.jar.toUri().toURL()}, null);
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    private interface Shape {
        String make(Random r);
    }

    private static List<Shape> shapes(Map<String, String> env) {
        List<Shape> out = new ArrayList<>();
        out.add(r -> "ghp_" + random(r, ALNUM, 36));
        out.add(r -> "github_pat_" + random(r, ALNUM, 22) + "_" + random(r, ALNUM, 59));
        out.add(r -> "glpat-" + random(r, ALNUM + "_-", 20));
        out.add(r -> "npm_" + random(r, ALNUM, 36));
        out.add(r -> (r.nextBoolean() ? "AKIA" : "ASIA") + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        out.add(r -> (r.nextBoolean() ? "sk_live_" : "rk_test_") + random(r, ALNUM, 24));
        out.add(r -> "AIza" + random(r, ALNUM + "_-", 35));
        out.add(r -> "dop_v1_" + random(r, HEX, 64));
        out.add(r -> (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
        out.add(SecretShapes::luhnCard);
        out.add(r -> random(r, HEX, 32 + 8 * r.nextInt(3)));
        out.add(r -> HOST);
        out.add(r -> HOST.toUpperCase(Locale.ROOT));
        List<String> tokens = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().endsWith("_TOKEN")) {
                tokens.add(e.getValue());
            }
        }
        out.add(r -> tokens.get(r.nextInt(tokens.size())));
        out.add(r -> random(r, "abcdefghijklmnopqrstuvwxyz", 3 + r.nextInt(6)) + "."
                + random(r, "abcdefghijklmnopqrstuvwxyz", 3 + r.nextInt(6)) + "@example.org");
        String[] existing = new File(".").list();
        out.add(r -> existing[r.nextInt(existing.length)]);
        out.add(r -> new String[] {"john.smith", "jane-doe", "acme-payroll-2025", "mueller", "o.brien"}[r.nextInt(5)]
                + (r.nextBoolean() ? "" : new String[] {".java", ".yaml", ".csv", "-2025"}[r.nextInt(4)]));
        out.add(r -> random(r, "abcdefghijklmnopqrstuvwxyz", 6 + r.nextInt(10)));
        return out;
    }

    @Test
    void noSecretShapeInAnyPositionReachesAnEvent() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("HOSTNAME", HOST);
        env.put("DEPLOY_TOKEN", "hunter2xyz");
        env.put("CI_JOB_TOKEN", "tok9f8e7d6c5b4a");
        env.put("GH_TOKEN", "quietmoose42");
        EventFactory factory = new EventFactory("session-1", AgentConfig.builder().build(), env,
                new AgentLog(new PrintStream(new ByteArrayOutputStream()), false));
        List<Shape> shapes = shapes(env);
        Random r = new Random(SEED);
        int reported = 0;
        for (int i = 0; i < CASES; i++) {
            List<String> secrets = new ArrayList<>();
            List<String> args = new ArrayList<>();
            int words = 1 + r.nextInt(6);
            for (int w = 0; w < words; w++) {
                switch (r.nextInt(4)) {
                    case 0:
                        args.add(OPTIONS[r.nextInt(OPTIONS.length)]);
                        break;
                    case 1:
                        args.add(TOOL_WORDS[r.nextInt(TOOL_WORDS.length)]);
                        break;
                    default:
                        String secret = shapes.get(r.nextInt(shapes.size())).make(r);
                        secrets.add(secret);
                        args.add(secret);
                }
            }
            if (secrets.isEmpty()) {
                String secret = shapes.get(r.nextInt(shapes.size())).make(r);
                secrets.add(secret);
                args.add(r.nextInt(args.size() + 1), secret);
            }
            CommandName name = CommandNames.fromArguments(new Object[] {args.toArray(new String[0])}, Set.of(),
                    CompiledTool.MAIN, loader);
            List<TelemetryEvent> events = List.of(
                    factory.complete(RecordedEvent.commandStarted(name, System.currentTimeMillis())),
                    factory.complete(RecordedEvent.commandEnded(name, System.currentTimeMillis(),
                            Map.of("exitCode", (Object) 0), null)));
            for (TelemetryEvent event : events) {
                String json = event.toJson().toLowerCase(Locale.ROOT);
                for (String secret : secrets) {
                    String lower = secret.toLowerCase(Locale.ROOT);
                    assertThat(json).as("case %d %s: %s", i, args, lower).doesNotContain(lower)
                            .doesNotContain(lower.replaceAll("[^a-z0-9]", "_"));
                }
            }
            String command = (String) events.get(0).fields().get("command");
            if (List.of(TOOL_WORDS).contains(command)) {
                reported++;
            } else {
                assertThat(command).as("case %d %s", i, args).isIn("other", "default");
            }
        }
        assertThat(reported).as("command lines whose tool word came through").isGreaterThan(CASES / 5);
    }
}
