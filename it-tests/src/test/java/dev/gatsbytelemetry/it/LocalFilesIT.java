package dev.gatsbytelemetry.it;

import static dev.gatsbytelemetry.it.SampleSite.ALL_STAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatsbytelemetry.it.LoopbackCollector.Behaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's local files in real JVMs (issue 14, item 3): created private whatever the umask; a
 * state folder that is a link, someone else's or writable by others is not used; no symbolic link
 * is followed for anything the agent reads, writes or locks; a FIFO never hangs the JVM; every read
 * is bounded; hooked classes written under another key are rejected.
 *
 * <p>CI runs these as root, which bypasses permission bits: nothing here relies on a permission
 * being refused. Foreign ownership is made with a chown to uid 65534 (skipped when not root).
 */
class LocalFilesIT {

    private static final int PAGES = 2;
    private static final String BUILT = "Built " + PAGES + " pages in public/\n";

    @TempDir
    Path sandbox;

    private LoopbackCollector collector;
    private Path state;

    @BeforeEach
    void scaffold() throws IOException {
        SampleSite.scaffold(sandbox, "site", PAGES);
        collector = new LoopbackCollector();
        state = JvmRun.sampleApp(sandbox).home().resolve(".config/gatsby-telemetry-agent");
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    private JvmRun build() {
        return JvmRun.sampleApp(sandbox, "build", "--dir", "site").withAgent().stages(ALL_STAGES);
    }

    /** Sends from every run, to the healthy loopback collector. */
    private JvmRun sending(JvmRun jvm) {
        return jvm.sendingEveryRunTo(collector.endpoint(Behaviour.HEALTHY))
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000");
    }

    /** Spools and fails to send (a loopback port nothing listens on), so batches and delivery.state stay. */
    private JvmRun failingToSend(JvmRun jvm) {
        return jvm.sendingEveryRunTo("http://127.0.0.1:" + SampleSite.closedPort() + "/v1/events")
                .env("GATSBY_TELEMETRY_FLUSH_TIMEOUT_MS", "5000");
    }

    private static void assertBuilt(RunResult run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).isEqualTo(BUILT);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<Path> tree(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(all::add);
        }
        return all;
    }

    /** A spool batch name as the sender writes it. */
    private static String batchName(int sequence) {
        return String.format("batch-%013d-%06d-%016x-n1.json", System.currentTimeMillis() - 1000 + sequence,
                sequence, sequence);
    }

    private static Path privateFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        return folder;
    }

    // ------------------------------------------------------------------ modes

    @Test
    void foldersAre0700AndFiles0600UnderUmask022() throws IOException {
        RunResult first = failingToSend(build().umask("022")).run();
        RunResult second = failingToSend(build().umask("022")).run(); // a second run fills the class cache

        assertBuilt(first);
        assertBuilt(second);
        List<Path> files = tree(state);
        assertThat(files).as("what the agent wrote").anyMatch(p -> p.getFileName().toString().equals("config.json"))
                .anyMatch(p -> p.getFileName().toString().startsWith("batch-"))
                .anyMatch(p -> p.getFileName().toString().equals("delivery.state"))
                .anyMatch(p -> p.getFileName().toString().endsWith(".hooked"));
        for (Path path : files) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(mode(path)).as("folder %s", path).isEqualTo("rwx------");
            } else {
                assertThat(mode(path)).as("file %s", path).isEqualTo("rw-------");
            }
        }
    }

    // ------------------------------------------------------------------ refused folders

    @Test
    void aWorldWritableStateFolderIsNotUsedAndStatusSaysWhy() throws IOException {
        Files.createDirectories(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));

        RunResult run = failingToSend(build().debug()).run();

        assertBuilt(run);
        assertThat(run.stderrLines()).as(run.describe())
                .contains("gatsby-telemetry: " + state + " is writable by group or others (mode 777); running without it:"
                        + " nothing spooled or sent, no class cache, a temporary machine id");
        assertThat(run.events()).as("still observed, never stored").isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("machineId").asText()).startsWith("not-a-machine-id-"));
        try (Stream<Path> inside = Files.list(state)) {
            assertThat(inside).as("nothing written into it").isEmpty();
        }
        RunResult status = ConsentRuns.cli(sandbox, Map.of(), "telemetry", "--status");
        assertThat(status.stdoutLines()).as(status.describe())
                .contains("State folder not used: " + state + " is writable by group or others (mode 777);"
                        + " nothing is stored, spooled or cached until it is fixed");
    }

    @Test
    void aStateFolderOwnedByAnotherUserIsNotUsed() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown to another uid needs root");
        privateFolder(state);
        Files.writeString(state.resolve("config.json"), "{\"telemetry\":{\"enabled\":true},"
                + "\"machineIds\":{\"sitegen\":\"planted-id\"}}");
        Files.setAttribute(state, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

        RunResult run = failingToSend(build().debug()).run();

        assertBuilt(run);
        assertThat(run.stderrLines()).as(run.describe())
                .anyMatch(line -> line.equals("gatsby-telemetry: " + state + " is owned by another user (uid 65534);"
                        + " running without it: nothing spooled or sent, no class cache, a temporary machine id"));
        assertThat(run.events()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("machineId").asText()).isNotEqualTo("planted-id"));
        assertThat(state.resolve("events")).doesNotExist();
        assertThat(state.resolve("hooked-classes")).doesNotExist();
        RunResult status = ConsentRuns.cli(sandbox, Map.of(), "telemetry", "--status");
        assertThat(status.stdout()).as(status.describe()).contains("State folder not used: " + state
                + " is owned by another user (uid 65534)");
    }

    // ------------------------------------------------------------------ symbolic links

    @Test
    void aBatchThatIsASymlinkToAForeignJsonFileIsNotUploaded() throws IOException {
        Path foreign = Files.writeString(sandbox.resolve("someone-elses.json"),
                "[{\"eventType\":\"FOREIGN_SECRET\",\"eventId\":\"x\"}]");
        Path events = privateFolder(state.resolve("events"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(events.resolve(batchName(1)), foreign);

        RunResult run = sending(build()).env("GATSBY_TELEMETRY_VERBOSE", "1").run(); // debug would not send

        assertBuilt(run);
        List<JsonNode> received = collector.events(Behaviour.HEALTHY);
        assertThat(received).as("the run's own events arrive").isNotEmpty()
                .noneMatch(e -> e.path("eventType").asText().equals("FOREIGN_SECRET"));
        assertThat(Files.readString(foreign)).as("the link's target is left alone").contains("FOREIGN_SECRET");
    }

    @Test
    void aSymlinkedCounterLockOrEventsFolderIsNotFollowed() throws IOException {
        privateFolder(state);
        Path victim = Files.writeString(sandbox.resolve("victim.txt"), "precious\n");
        Path lockTarget = sandbox.resolve("created-through-the-lock-link");
        Files.createSymbolicLink(state.resolve("config.json.lock"), lockTarget);
        Path worldWritable = Files.createDirectories(sandbox.resolve("world"));
        Files.setPosixFilePermissions(worldWritable, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createSymbolicLink(state.resolve("events"), worldWritable);
        Files.createSymbolicLink(worldWritable.resolve("dropped-events.count"), victim);

        RunResult run = failingToSend(build().debug()).run();

        assertBuilt(run);
        assertThat(run.events()).isNotEmpty();
        assertThat(lockTarget).as("no file created through the lock's link").doesNotExist();
        try (Stream<Path> inside = Files.list(worldWritable)) {
            assertThat(inside).as("no batch written through the events link")
                    .noneMatch(p -> p.getFileName().toString().startsWith("batch-"));
        }
        assertThat(Files.readString(victim)).isEqualTo("precious\n");

        // the counter link directly in a real, private events folder
        Files.delete(state.resolve("events"));
        Path events = privateFolder(state.resolve("events"));
        Files.createSymbolicLink(events.resolve("dropped-events.count"), victim);
        RunResult again = sending(build()).run();
        assertBuilt(again);
        assertThat(Files.readString(victim)).as("the counter's link target is never written").isEqualTo("precious\n");
    }

    // ------------------------------------------------------------------ FIFOs and bounds

    @Test
    void aFifoAtTheConfigPlaceNeverHangsTheJvm() throws Exception {
        Assumptions.assumeTrue(mkfifo(privateFolder(state).resolve("config.json")), "mkfifo is not available");
        Path gatsby = Files.createDirectories(state.resolveSibling("gatsby")).resolve("config.json");
        Assumptions.assumeTrue(mkfifo(gatsby), "mkfifo is not available");

        RunResult run = build().debug().run(); // JvmRun fails the test if the JVM does not exit within 60 s

        assertBuilt(run);
        assertThat(run.events()).as("a config that is not a regular file cannot be read: off").isEmpty();
        assertThat(run.stderr()).contains("telemetry is disabled by config file that cannot be read")
                .contains("is not a regular file");

        Files.delete(state.resolve("config.json"));
        RunResult gatsbyFifo = build().debug().run();
        assertBuilt(gatsbyFifo);
        assertThat(gatsbyFifo.events()).as("Gatsby's FIFO says nothing; the agent runs").isNotEmpty();
        RunResult status = ConsentRuns.cli(sandbox, Map.of(), "telemetry", "--status");
        assertThat(status.exitCode()).as(status.describe()).isZero();
    }

    @Test
    void metadataPathAtDevZeroOrAFifoCostsNothingWithASmallHeap() throws Exception {
        RunResult zero = build().debug().jvmOption("-Xmx64m")
                .env("GATSBY_TELEMETRY_METADATA_PATH", "/dev/zero").run();

        assertBuilt(zero);
        EventAssertions.assertStartAndEnd(zero, "BUILD");
        assertThat(zero.stderr()).as(zero.describe()).doesNotContain("OutOfMemoryError")
                .contains("ignoring GATSBY_TELEMETRY_METADATA_PATH").contains("/dev/zero is not a regular file");

        Path fifo = sandbox.resolve("tags.fifo");
        Assumptions.assumeTrue(mkfifo(fifo), "mkfifo is not available");
        RunResult pipe = build().debug().env("GATSBY_TELEMETRY_METADATA_PATH", fifo.toString()).run();
        assertBuilt(pipe);
        EventAssertions.assertStartAndEnd(pipe, "BUILD");
        assertThat(pipe.stderr()).contains(fifo + " is not a regular file");
    }

    // ------------------------------------------------------------------ the class cache's key

    @Test
    void hookedClassesWrittenUnderAnotherUsersKeyAreRejectedAndDeleted() throws IOException {
        Path mine = sandbox.resolve("xdg-mine");
        Path theirs = sandbox.resolve("xdg-theirs");
        for (Path xdg : List.of(mine, theirs)) {
            assertBuilt(build().debug().env("XDG_CONFIG_HOME", xdg.toString()).run());
            assertBuilt(build().debug().env("XDG_CONFIG_HOME", xdg.toString()).run());
        }
        Path myCache = mine.resolve("gatsby-telemetry-agent/hooked-classes");
        Path theirCache = theirs.resolve("gatsby-telemetry-agent/hooked-classes");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(theirCache)) {
            for (Path entry : (Iterable<Path>) files::iterator) {
                Path target = myCache.resolve(entry.getFileName());
                assertThat(target).as("the same class, plan and build: the same name").exists();
                // well-formed entries, intact, with a valid tag under their key: only the key differs
                Files.copy(entry, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                names.add(entry.getFileName().toString());
            }
        }
        assertThat(names).isNotEmpty();
        Map<String, byte[]> planted = new java.util.HashMap<>();
        for (String name : names) {
            planted.put(name, Files.readAllBytes(myCache.resolve(name)));
        }

        Path classLog = sandbox.resolve("classes.txt");
        RunResult run = build().debug().env("XDG_CONFIG_HOME", mine.toString())
                .jvmOption("-Xlog:class+load:file=" + classLog).run();

        assertBuilt(run);
        EventAssertions.assertStartAndEnd(run, "BUILD");
        assertThat(ConsentRuns.lines(classLog)).as("every planted entry rejected: the classes were rewritten")
                // the hook writer, on the JDK's own ASM (JDK 17-23) or the bundled one
                .anyMatch(line -> line.contains("dev.gatsbytelemetry.agent.instrumentation.AsmHookWriter "));
        for (String name : names) {
            Path entry = myCache.resolve(name);
            assertThat(!Files.exists(entry) || !java.util.Arrays.equals(Files.readAllBytes(entry), planted.get(name)))
                    .as("the planted %s was deleted (and perhaps written anew)", name).isTrue();
        }
    }

    private static boolean mkfifo(Path path) {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            return process.waitFor() == 0 && Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
