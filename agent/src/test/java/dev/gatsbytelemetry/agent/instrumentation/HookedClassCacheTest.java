package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of hooked classes, on real files: what it keeps, and everything that must make it miss. */
class HookedClassCacheTest {

    private static final String BUILD = "1a2b3c4d-5e6f7a8b-4096";
    private static final String CLASS = "testfixtures/Pipeline";

    @TempDir
    Path temp;
    /** The cache folder, inside a private state folder (a @TempDir's parent, /tmp, is not private). */
    private Path directory;
    private HookedClassKey key;

    private final ByteArrayOutputStream debug = new ByteArrayOutputStream();
    private byte[] original;
    private HookPlan plan;

    @BeforeEach
    void readFixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            original = in.readAllBytes();
        }
        plan = planFor("transform");
        directory = temp.resolve("gatsby-telemetry-agent").resolve(HookedClassCache.DIRECTORY_NAME);
        key = new HookedClassKey(temp.resolve("gatsby-telemetry-agent").resolve("config.json"), null);
    }

    @Test
    void aKeptClassIsFoundByALaterRunWithTheSameBytesPlanAndBuild() throws IOException {
        byte[] hooked = AsmHookWriter.write(original, plan);
        HookedClassCache first = cache(BUILD);
        assertThat(first.lookup(CLASS, original, plan)).isNull();
        first.store(CLASS, original, plan, hooked);
        first.writePending(later());

        assertThat(entries()).hasSize(1);
        assertThat(cache(BUILD).lookup(CLASS, original.clone(), planFor("transform"))).isEqualTo(hooked);
    }

    @Test
    void anEntryAnotherRunWroteMeanwhileIsNotWrittenAgain() throws IOException {
        byte[] hooked = AsmHookWriter.write(original, plan);
        HookedClassCache first = cache(BUILD);
        HookedClassCache concurrent = cache(BUILD);
        assertThat(first.lookup(CLASS, original, plan)).isNull();
        assertThat(concurrent.lookup(CLASS, original, plan)).isNull();
        first.store(CLASS, original, plan, hooked);
        concurrent.store(CLASS, original, plan, hooked);
        first.writePending(later());
        Path entry = entries().get(0);
        Files.setLastModifiedTime(entry, FileTime.fromMillis(1_000_000L));

        concurrent.writePending(later());

        assertThat(entries()).containsExactly(entry);
        assertThat(Files.getLastModifiedTime(entry).toMillis()).as("not replaced").isEqualTo(1_000_000L);
        assertThat(cache(BUILD).lookup(CLASS, original, plan)).isEqualTo(hooked);
    }

    @Test
    void anythingThatChangesTheRewriteIsAMiss() throws IOException {
        HookedClassCache cache = cache(BUILD);
        cache.store(CLASS, original, plan, AsmHookWriter.write(original, plan));
        cache.writePending(later());

        byte[] changedClass = original.clone();
        changedClass[changedClass.length - 1] ^= 1;
        assertThat(cache.lookup(CLASS, changedClass, plan)).as("other class bytes").isNull();
        assertThat(cache.lookup(CLASS, Arrays.copyOf(original, original.length + 1), plan)).as("longer").isNull();
        assertThat(cache.lookup(CLASS, original, planFor("transform|render"))).as("other hooks").isNull();
        assertThat(cache.lookup("testfixtures/Other", original, plan)).as("other class name").isNull();
        assertThat(cache(BUILD + "0").lookup(CLASS, original, plan)).as("other agent build").isNull();
        assertThat(cache.lookup(CLASS, original, plan)).as("the control").isNotNull();
    }

    @Test
    void aDamagedEntryIsAMissNeverAWrongClass() throws IOException {
        HookedClassCache cache = cache(BUILD);
        cache.store(CLASS, original, plan, AsmHookWriter.write(original, plan));
        cache.writePending(later());
        Path entry = entries().get(0);
        byte[] intact = Files.readAllBytes(entry);

        for (int offset : new int[] {0, 9, intact.length / 2, intact.length - 40, intact.length - 1}) {
            byte[] damaged = intact.clone();
            damaged[offset] ^= 0x10;
            Files.write(entry, damaged);
            assertThat(cache.lookup(CLASS, original, plan)).as("a flipped bit at %d", offset).isNull();
        }
        Files.write(entry, Arrays.copyOf(intact, intact.length - 7));
        assertThat(cache.lookup(CLASS, original, plan)).as("truncated").isNull();
        Files.write(entry, new byte[0]);
        assertThat(cache.lookup(CLASS, original, plan)).as("empty").isNull();
        Files.write(entry, intact);
        assertThat(cache.lookup(CLASS, original, plan)).as("restored").isNotNull();
    }

    @Test
    void theDirectoryKeepsAtMostMaxEntriesOldestFirstAndClearsDeadWritersFiles() throws IOException {
        dev.gatsbytelemetry.agent.files.StateFolder.ensure(directory);
        for (int i = 0; i < HookedClassCache.MAX_ENTRIES + 6; i++) {
            Path old = directory.resolve(String.format("%016x", i) + HookedClassDirectory.SUFFIX);
            Files.write(old, new byte[] {1});
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path deadWriter = directory.resolve("0000000000000001.hooked.1234.part");
        Files.write(deadWriter, new byte[] {1});
        Files.setLastModifiedTime(deadWriter, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Path liveWriter = directory.resolve("0000000000000002.hooked.5678.part");
        Files.write(liveWriter, new byte[] {1});

        HookedClassCache cache = cache(BUILD);
        cache.store(CLASS, original, plan, AsmHookWriter.write(original, plan));
        cache.writePending(later());

        List<Path> kept = entries();
        assertThat(kept).hasSize(HookedClassCache.MAX_ENTRIES);
        assertThat(kept).extracting(p -> p.getFileName().toString())
                .doesNotContain(String.format("%016x", 0) + ".hooked", String.format("%016x", 6) + ".hooked")
                .contains(String.format("%016x", 7) + ".hooked");
        assertThat(cache.lookup(CLASS, original, plan)).as("the new entry").isNotNull();
        assertThat(deadWriter).doesNotExist();
        assertThat(liveWriter).exists();
    }

    @Test
    void oneRunWritingManyEntriesNeverLeavesMoreThanMaxEntries() throws IOException {
        HookedClassCache cache = cache(BUILD);
        byte[] hooked = AsmHookWriter.write(original, plan);
        for (int i = 0; i < HookedClassCache.MAX_ENTRIES + 10; i++) {
            cache.store("gen/Class" + i, original, plan, hooked);
        }
        cache.writePending(later());
        assertThat(entries()).as("the bound holds after every write, not only once per run")
                .hasSize(HookedClassCache.MAX_ENTRIES);
    }

    @Test
    void anEntryWithAnotherKeysTagIsRejectedAndDeleted() throws IOException {
        HookedClassCache cache = cache(BUILD);
        cache.store(CLASS, original, plan, AsmHookWriter.write(original, plan));
        cache.writePending(later());
        Path entry = entries().get(0);
        byte[] foreignKey = new byte[32];
        foreignKey[0] = 42;
        byte[] injected = {(byte) 0xCA, (byte) 0xFE, 0x66};
        Files.write(entry, HookedClassEntry.serialize(foreignKey, BUILD, CLASS, plan.key(), original, injected));

        assertThat(cache(BUILD).lookup(CLASS, original, plan)).as("well formed, but not under this user's key").isNull();
        assertThat(entry).as("deleted, so the next run writes a good one").doesNotExist();
    }

    @Test
    void writesWaitForTheRecorderThreadAreBoundedAndStopAtTheDeadline() throws IOException {
        HookedClassCache cache = cache(BUILD);
        byte[] big = new byte[HookedClassCache.MAX_CLASS_BYTES];
        for (int i = 0; i < 8; i++) {
            big[0] = (byte) i;
            cache.store("gen/Big" + i, big.clone(), plan, big.clone());
        }
        cache.store("gen/TooBig", new byte[HookedClassCache.MAX_CLASS_BYTES + 1], plan, new byte[1]);
        assertThat(entries()).as("nothing written before writePending").isEmpty();

        cache.writePending(System.nanoTime() - 1);
        assertThat(entries()).as("a spent deadline writes nothing").isEmpty();

        cache.writePending(later());
        assertThat(entries()).as("4 MiB of pending entries at most: four of eight").hasSize(4);
    }

    @Test
    void theExitWaitsForAnEntryTheRecorderThreadIsStillWriting() throws Exception {
        HookedClassCache cache = cache(BUILD);
        cache.store(CLASS, original, plan, AsmHookWriter.write(original, plan));
        Thread recorder;
        Thread exit;
        boolean[] keptWhenTheExitReturned = new boolean[1];
        // the recorder thread takes the entry off the queue, then blocks on the key: mid-write
        synchronized (key) {
            recorder = new Thread(() -> cache.writePending(later()), "recorder");
            recorder.start();
            awaitState(recorder, Thread.State.BLOCKED);
            // the shutdown hook finds the queue empty; the JVM halts when it returns, killing the recorder thread
            exit = new Thread(() -> {
                cache.writePending(later());
                try {
                    keptWhenTheExitReturned[0] = !entries().isEmpty();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "exit");
            exit.start();
            while (exit.isAlive() && exit.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
        }
        recorder.join();
        exit.join();

        assertThat(keptWhenTheExitReturned[0]).as("the exit returned only once the entry was on disk").isTrue();
    }

    private static void awaitState(Thread thread, Thread.State state) {
        while (thread.getState() != state) {
            assertThat(thread.isAlive()).as("%s reached %s", thread.getName(), state).isTrue();
            Thread.onSpinWait();
        }
    }

    @Test
    void deleteAllRemovesTheDirectory() throws IOException {
        Path config = directory.getParent();
        HookedClassCache cache = cache(BUILD);
        cache.store(CLASS, original, plan, AsmHookWriter.write(original, plan));
        cache.writePending(later());
        assertThat(config.resolve(HookedClassCache.DIRECTORY_NAME)).isDirectory();

        assertThat(HookedClassCache.deleteAll(config)).isTrue();
        assertThat(config.resolve(HookedClassCache.DIRECTORY_NAME)).doesNotExist();
        assertThat(HookedClassCache.deleteAll(config)).as("nothing to delete").isTrue();
    }

    @Test
    void theWeaverAsksTheSelectorOnceAndTakesAKeptClassInsteadOfRewriting() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        HookClassVisitor.MethodSelector counting = (className, method, descriptor, access) -> {
            asked.incrementAndGet();
            return method.equals("transform") ? new Hook(Hook.Kind.STAGE, 3) : null;
        };
        HookedClassCache cache = cache(BUILD);
        cache.writeInBackground(); // premain is done
        byte[] hooked = new HookWeaver(cache).weave(CLASS, original, counting);
        int hookable = (int) ClassFileMethods.of(original).stream()
                .filter(m -> HookPlan.canHook(m.name(), m.access())).count();
        assertThat(asked.get()).as("one question per hookable method").isEqualTo(hookable);
        cache.writePending(later());

        // Replace the kept class with a marker (a valid entry): a later weave must return it as is.
        byte[] marker = {(byte) 0xCA, (byte) 0xFE, 0x11};
        Path entry = entries().get(0);
        Files.write(entry, HookedClassEntry.serialize(key.forWriting(later()), BUILD, CLASS, plan.key(), original, marker));
        assertThat(hooked).isNotEqualTo(marker);
        assertThat(new HookWeaver(cache(BUILD)).weave(CLASS, original, counting)).isEqualTo(marker);
        assertThat(new HookWeaver(null).weave(CLASS, original, counting)).as("without a cache").isEqualTo(hooked);
    }

    @Test
    void onceStartedAClassTheWeaverRewritesIsKeptByTheCachesOwnThreadWithoutWaitingForTheRecorder() throws Exception {
        HookedClassCache cache = cache(BUILD);
        cache.writeInBackground(); // premain is done
        byte[] hooked = new HookWeaver(cache).weave(CLASS, original,
                (className, method, descriptor, access) -> method.equals("transform") ? new Hook(Hook.Kind.STAGE, 3) : null);

        // nobody calls writePending: neither the recorder's thread nor the exit
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (entries().isEmpty() && System.nanoTime() - giveUp < 0) {
            Thread.sleep(5);
        }
        assertThat(entries()).hasSize(1);
        awaitNoWriterThread();
        assertThat(cache(BUILD).lookup(CLASS, original, plan)).isEqualTo(hooked);
        assertThat(debug.toString()).doesNotContain("cannot keep", "background write failed");
    }

    @Test
    void theBackgroundWriterLeavesAFullDirectoryAtTheBoundAfterItsBatch() throws Exception {
        dev.gatsbytelemetry.agent.files.StateFolder.ensure(directory);
        for (int i = 0; i < HookedClassCache.MAX_ENTRIES; i++) {
            Path old = directory.resolve(String.format("%016x", i) + ".hooked");
            Files.write(old, new byte[] {1});
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        HookedClassCache cache = cache(BUILD);
        byte[] hooked = AsmHookWriter.write(original, plan);
        for (int i = 0; i < 7; i++) {
            cache.store("gen/Batch" + i, original, plan, hooked);
        }
        cache.writeSoon();
        assertThat(writerThreadStarted()).as("in premain no writer thread is started").isFalse();
        cache.writeInBackground();
        // nobody calls writePending: the batch is written, and the oldest pruned, by the writer thread
        long giveUp = System.nanoTime() + 60_000_000_000L;
        while (Files.exists(directory.resolve(String.format("%016x", 0) + ".hooked")) && System.nanoTime() - giveUp < 0) {
            Thread.sleep(5);
        }
        awaitNoWriterThread();

        List<String> names = new ArrayList<>();
        for (Path entry : entries()) {
            names.add(entry.getFileName().toString());
        }
        assertThat(names).hasSize(HookedClassCache.MAX_ENTRIES)
                .as("the oldest went first").doesNotContain(String.format("%016x", 0) + ".hooked")
                .contains(String.format("%016x", HookedClassCache.MAX_ENTRIES - 1) + ".hooked");
    }

    private static boolean writerThreadStarted() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("gatsby-telemetry-class-cache")) {
                return true;
            }
        }
        return false;
    }

    private static void awaitNoWriterThread() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("gatsby-telemetry-class-cache")) {
                assertThat(thread.isDaemon()).as("the writer never holds the JVM up").isTrue();
                thread.join(60_000);
            }
        }
    }

    private HookPlan planFor(String methods) {
        List<String> names = List.of(methods.split("\\|"));
        return HookPlan.of(CLASS, original, (className, method, descriptor, access) ->
                names.contains(method) ? new Hook(Hook.Kind.STAGE, 3) : null);
    }

    private HookedClassCache cache(String build) {
        return new HookedClassCache(directory, build, key, log());
    }

    private AgentLog log() {
        return new AgentLog(new PrintStream(debug), true);
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(directory)) {
            return new ArrayList<>();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".hooked")).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static long later() {
        return System.nanoTime() + 10_000_000_000L;
    }
}
