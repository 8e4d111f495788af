package dev.gatsbytelemetry.agent.recorder;

import dev.gatsbytelemetry.agent.command.KnownCommandWords;
import dev.gatsbytelemetry.agent.command.ScanLimits;
import dev.gatsbytelemetry.agent.command.ScanResult;
import dev.gatsbytelemetry.agent.command.StringConstantScanner;
import dev.gatsbytelemetry.agent.command.ToolCode;
import dev.gatsbytelemetry.agent.diagnostics.AgentLog;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decides, on the recorder's thread, which of the words a user typed may be reported as the command.
 *
 * <p>Without a framework integration or an allow-list a word is reported only if it cannot be
 * private, that is if all of these hold (otherwise the command is {@code other}):
 * <ol>
 *   <li>it looks like a command word and either follows no option given as a separate argument, or
 *       passes every check below (then it is taken for a command after a flag, not the flag's value;
 *       {@link CommandNames} picks these candidates);</li>
 *   <li>no file or directory of that name exists in the working directory ({@code build.xml},
 *       {@code acme-payroll-2025.java});</li>
 *   <li>the tool's own code holds it as a string constant, in a class file of the jar or directory
 *       the entry point's class was loaded from ({@link StringConstantScanner}): {@code build} and
 *       {@code update} are written in a tool's code, a token, a host or a person's name is not (for a
 *       single-file launch, {@code java App.java}, a quoted literal of the source file);</li>
 *   <li>the sanitizer leaves it unchanged (it is not the user's or the host's name, nor any shape
 *       of secret or personal data).</li>
 * </ol>
 * The scan has a deadline ({@value #SCAN_BUDGET_MILLIS} ms of wall time) and byte and file bounds
 * ({@link ScanLimits}); at JVM exit {@link #finishBy} brings the deadline forward so that the exit
 * budget holds. A word the scan did not reach is not known to be the tool's, so it is {@code other}:
 * running out of time can only lose a name, never leak one.
 *
 * <p>A decision that reported a word is kept ({@link KnownCommandWords}, keyed by a MAC of every
 * input of checks 3 and 4), so later runs with the same jar, words, environment and system
 * properties skip the scan and the verdict; check 2 runs every time.
 */
final class CommandResolver implements ScanLimits {

    static final long SCAN_BUDGET_MILLIS = 3_000;

    /** The sanitizer's verdict on a word; implemented by the {@link EventFactory} that owns it. */
    interface WordSanitizer {
        /** Whether the sanitizer returns {@code word} unchanged. */
        boolean leavesUnchanged(String word);

        /** The environment the sanitizer is built from: part of what a kept decision is keyed by. */
        Map<String, String> environment();
    }

    private final File workingDirectory;
    private final WordSanitizer sanitizer;
    private final AgentLog log;
    /** Decisions of earlier runs; null when none are kept. */
    private final KnownCommandWords known;
    private volatile long finishByNanos = Long.MAX_VALUE;
    /** Set while a scan runs (one at a time: {@link CommandName} decides under its own lock). */
    private volatile long scanDeadlineNanos = Long.MAX_VALUE;

    CommandResolver(File workingDirectory, WordSanitizer sanitizer, AgentLog log) {
        this(workingDirectory, sanitizer, log, null);
    }

    CommandResolver(File workingDirectory, WordSanitizer sanitizer, AgentLog log, KnownCommandWords known) {
        this.known = known;
        this.workingDirectory = workingDirectory;
        this.sanitizer = sanitizer;
        this.log = log;
    }

    /** A resolver whose verdicts and environment are {@code factory}'s sanitizer's. */
    static CommandResolver judgedBy(EventFactory factory, File workingDirectory, AgentLog log, KnownCommandWords known) {
        return new CommandResolver(workingDirectory, new WordSanitizer() {
            @Override
            public boolean leavesUnchanged(String word) {
                return factory.leavesCommandWordUnchanged(word);
            }

            @Override
            public Map<String, String> environment() {
                return factory.sanitizerEnvironmentForCommands();
            }
        }, log, known);
    }

    /** Stop any scan by {@code deadlineNanos} ({@link System#nanoTime()} scale), for the JVM's exit. */
    void finishBy(long deadlineNanos) {
        finishByNanos = deadlineNanos;
    }

    @Override
    public boolean expired() {
        long now = System.nanoTime();
        return now - scanDeadlineNanos >= 0 || now - finishByNanos >= 0;
    }

    /** @return the word to report, or {@code null} for {@code other} */
    String decide(CommandName pending) {
        long started = System.nanoTime();
        scanDeadlineNanos = started + TimeUnit.MILLISECONDS.toNanos(SCAN_BUDGET_MILLIS);
        List<String> words = new ArrayList<>(pending.optionValues());
        if (pending.positional() != null) {
            words.add(pending.positional());
        }
        List<String> candidates = new ArrayList<>();
        for (String word : words) {
            if (!isExistingFileName(word) && !candidates.contains(word)) {
                candidates.add(word);
            }
        }
        if (candidates.isEmpty() || expired()) {
            return null;
        }
        ToolCode code = ToolCode.of(pending.entryClass(), pending.loader(), ClassLoader.getSystemClassLoader());
        if (code == null) {
            code = ToolCode.launchedSourceFile(System.getProperty("sun.java.command"), workingDirectory);
        }
        String[] tags = known == null ? null : known.tags(code, candidates, sanitizer.environment());
        int earlier = known == null ? -1 : known.knownChoice(tags);
        if (earlier >= 0) {
            if (log.isDebug()) {
                log.debug("command word decided in " + (System.nanoTime() - started) / 1000
                        + " us: as an earlier run with the same inputs, reported");
            }
            return candidates.get(earlier);
        }
        ScanResult scan = StringConstantScanner.scan(code, candidates, this);
        String chosen = null;
        for (int i = 0; i < candidates.size(); i++) {
            String word = candidates.get(i);
            if (scan.found().contains(word) && sanitizer.leavesUnchanged(word)) {
                chosen = word;
                // only a complete scan: an earlier candidate it did not reach might have won
                if (tags != null && scan.complete()) {
                    known.remember(tags[i]);
                }
                break;
            }
        }
        if (log.isDebug()) {
            log.debug("command word checked in " + (System.nanoTime() - started) / 1000 + " us: "
                    + candidates.size() + " candidate(s), " + (code == null ? "code not found" : code + ", " + scan)
                    + ", " + (chosen == null ? "reported as other" : "reported"));
        }
        return chosen;
    }

    private boolean isExistingFileName(String word) {
        try {
            return new File(workingDirectory, word).exists();
        } catch (SecurityException e) {
            return true;
        }
    }
}
