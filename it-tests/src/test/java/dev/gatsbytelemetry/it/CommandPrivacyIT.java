package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.EventAssertions.assertCommonFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command never carries what the user typed unless the tool's own code holds the word: option
 * values, file names, tokens, user and host names are {@code other}, in the {@code command} field
 * and in the event type, with a real JVM running the sample app (whose code holds {@code build},
 * {@code new}, {@code clean} and {@code develop}).
 */
class CommandPrivacyIT {

    /** Secret shapes a user may type as arguments; each distinctive, so finding it anywhere is a leak. */
    static final List<String> SECRETS = List.of(
            "hunter2xyz",
            "ghp_" + "R2d2C3poBb8Lk4Qw9Zx7Vn6Mm5Jj3Hh1Gg0F",
            "glpat-" + "Xq7vLm2pRt9sWk4nBc8d",
            "npm_" + "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78",
            "AKIA" + "Q7XW3RZ5TB2MHK4P",
            "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
            "AIza" + "SyB-9xQ2rT5uV8wY1zA4cD7fG0hJ3kL6nP9",
            "10.42.13.77",
            "4111111111111111",
            "9f86d081884c7d659a2feaa0c55ad015",
            "zeldaq",
            "quillhost7",
            "dop_v1_" + "3c9f4a1b2d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b",
            "jane.doe-7");

    @TempDir
    Path sandbox;

    private JvmRun sample(String... args) {
        return JvmRun.sampleApp(sandbox, args).withAgent().debug()
                .env("USER", "zeldaq").jvmOption("-Duser.name=zeldaq").env("HOSTNAME", "quillhost7")
                .env("DEPLOY_TOKEN", "hunter2xyz");
    }

    @Test
    void anOptionsValueIsNeverTheCommandAndAKnownCommandAfterItIs() {
        SampleSite.scaffold(sandbox, "site", 2);

        RunResult run = sample("--password", "hunter2xyz", "build").workDir(sandbox.resolve("site")).run();

        assertThat(run.eventTypes()).as(run.describe()).contains("CLI_RAW_COMMAND_BUILD", "CLI_COMMAND_BUILD_END");
        assertCommonFields(run, "build");
        assertNoneLeaks(run, List.of("hunter2xyz"));
    }

    @Test
    void anExistingFilesNameIsOtherEvenAfterAnOption() throws IOException {
        Files.writeString(sandbox.resolve("acme-payroll-2025.java"), "class Payroll {}");
        Files.writeString(sandbox.resolve("build.xml"), "<project/>");

        RunResult file = sample("acme-payroll-2025.java").run();
        assertCommonFields(file, "other");
        assertThat(file.eventTypes()).contains("CLI_RAW_COMMAND_OTHER", "CLI_COMMAND_OTHER_END");
        assertNoneLeaks(file, List.of("acme-payroll-2025", "payroll"));

        // the shape of ant -f build.xml compile: the option's value is a file, the target no word of the tool
        RunResult antShape = sample("-f", "build.xml", "nightly-payroll").run();
        assertCommonFields(antShape, "other");
        assertNoneLeaks(antShape, List.of("build.xml", "build_xml", "nightly-payroll"));

        RunResult known = sample("-f", "build.xml", "clean").run();
        assertCommonFields(known, "clean");
        assertNoneLeaks(known, List.of("build.xml", "build_xml"));
    }

    @Test
    void secretShapesInEveryPositionNeverReachAnEvent() {
        List<List<String>> commandLines = new ArrayList<>();
        commandLines.add(new ArrayList<>(SECRETS)); // each secret first, in turn the positional word
        List<String> asValues = new ArrayList<>();
        for (String secret : SECRETS) {
            asValues.add("--key");
            asValues.add(secret);
        }
        asValues.add("clean");
        commandLines.add(asValues); // every secret an option's value, then a real command
        List<String> afterCommand = new ArrayList<>(List.of("clean", "--dir"));
        afterCommand.addAll(SECRETS);
        commandLines.add(afterCommand); // after the command
        for (String secret : SECRETS) {
            commandLines.add(List.of("--verbose", secret)); // the only word, after a flag
        }
        for (List<String> args : commandLines) {
            RunResult run = sample(args.toArray(new String[0])).run();
            assertThat(run.events()).as(run.describe()).isNotEmpty();
            String expected = args.contains("clean") ? "clean" : "other";
            assertCommonFields(run, expected);
            assertNoneLeaks(run, SECRETS);
        }
    }

    @Test
    void aKeptDecisionAnswersOnlyForTheSameInputsAndItsFileHoldsNoWord() throws IOException {
        // "status" is a string constant of the sample app (an unknown command there, exit 64: no matter)
        // the tags' key is made when the first hooked class is cached, so the first runs decide as before
        for (int i = 0; i < 3; i++) {
            assertCommonFields(sample("status").run(), "status");
        }
        Path kept = sandbox.resolve(".home/.config/gatsby-telemetry-agent/command-words.txt");
        assertThat(kept).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
        assertThat(Files.readString(kept)).matches("([0-9a-f]{64}\n)+").doesNotContain("status");

        RunResult again = sample("status").run();
        assertCommonFields(again, "status");
        assertThat(again.stderr()).as(again.describe()).contains("as an earlier run with the same inputs");

        // the same command line with a secret variable now holding the word: the sanitizer would
        // redact it, so the kept decision must not answer (a stale verdict would leak the secret)
        RunResult secret = sample("status").env("DEPLOY_TOKEN", "status").run();
        assertCommonFields(secret, "other");
        assertThat(secret.stderr()).doesNotContain("as an earlier run with the same inputs");

        // a link in the file's place is not read, and is replaced rather than written through
        Path elsewhere = sandbox.resolve("elsewhere.txt");
        Files.copy(kept, elsewhere);
        String before = Files.readString(elsewhere);
        Files.delete(kept);
        Files.createSymbolicLink(kept, elsewhere);
        RunResult linked = sample("status").run();
        assertCommonFields(linked, "status");
        assertThat(linked.stderr()).doesNotContain("as an earlier run with the same inputs");
        assertThat(Files.isSymbolicLink(kept)).isFalse();
        assertThat(Files.readString(elsewhere)).isEqualTo(before);
    }

    /** Neither the text nor its event-type spelling appears in any event, case-insensitively. */
    static void assertNoneLeaks(RunResult run, List<String> secrets) {
        List<String> eventLines = run.stderrLines().stream()
                .filter(line -> line.contains(RunResult.EVENT_PREFIX))
                .map(line -> line.substring(line.indexOf(RunResult.EVENT_PREFIX)).toLowerCase(Locale.ROOT))
                .toList();
        assertThat(eventLines).as(run.describe()).isNotEmpty();
        for (String secret : secrets) {
            String lower = secret.toLowerCase(Locale.ROOT);
            String asType = lower.replaceAll("[^a-z0-9]", "_");
            for (String line : eventLines) {
                assertThat(line).as("%s in events of%n%s", secret, run.describe()).doesNotContain(lower)
                        .doesNotContain(asType);
            }
        }
    }
}
