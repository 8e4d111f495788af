package dev.gatsbytelemetry.agent.sanitizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Walks a throwable tree into a {@link SanitizedThrowable}, calling each accessor once and
 * defensively: a {@code getMessage()} that throws degrades to
 * {@code (message unavailable: <type of what it threw> thrown)}, a {@code getCause()} or
 * {@code getStackTrace()} that throws to no cause, no frames ({@code toString()} is never called). Throwables met twice become
 * circular references. Bounds: frames per throwable, nesting depth (causes and suppressed),
 * suppressed per throwable, and a total budget of throwables per tree so a fan of suppressed
 * exceptions cannot grow exponentially.
 */
final class StackTraceSanitizer {

    private static final int MAX_COUNTED_CAUSES = 10_000;

    private final Sanitizer sanitizer;
    private final SanitizerSettings settings;

    StackTraceSanitizer(Sanitizer sanitizer, SanitizerSettings settings) {
        this.sanitizer = sanitizer;
        this.settings = settings;
    }

    private final class Walk {
        final RedactionCounts counts;
        final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int budget = settings.maxThrowables();

        Walk(RedactionCounts counts) {
            this.counts = counts;
        }
    }

    SanitizedThrowable sanitize(Throwable t, RedactionCounts counts) {
        return convert(t, null, 0, new Walk(counts));
    }

    private SanitizedThrowable convert(Throwable t, StackTraceElement[] enclosing, int depth,
                                       Walk w) {
        String type = Sanitizer.typeName(t);
        if (!w.seen.add(t)) {
            return SanitizedThrowable.circular(type, message(t, type, w).text());
        }
        w.budget--;
        TextBounds.Cut msg = message(t, type, w);

        StackTraceElement[] trace = stackTrace(t);
        int common = enclosing == null ? 0 : framesInCommon(trace, enclosing);
        int unique = trace.length - common;
        int keep = Math.min(unique, settings.maxFramesPerThrowable());
        List<String> frames = new ArrayList<>(keep);
        List<Integer> plain = new ArrayList<>(keep);
        List<Integer> other = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            frames.add(format(trace[i]));
            if (isJdkFrame(trace[i])) {
                continue;
            }
            (isPlainFrame(trace[i]) ? plain : other).add(i);
        }
        cleanFrames(frames, plain, true, w);
        cleanFrames(frames, other, false, w);

        Throwable[] sup = suppressed(t);
        List<SanitizedThrowable> kept = new ArrayList<>();
        int omittedSuppressed = 0;
        for (Throwable s : sup) {
            if (s == null) {
                continue;
            }
            if (depth >= settings.maxCauseDepth() || kept.size() >= settings.maxSuppressed()
                    || (w.budget <= 0 && !w.seen.contains(s))) {
                omittedSuppressed++;
            } else {
                kept.add(convert(s, trace, depth + 1, w));
            }
        }

        Throwable next = cause(t);
        SanitizedThrowable cause = null;
        int omittedCauses = 0;
        if (next != null) {
            if (w.seen.contains(next)) {
                cause = convert(next, trace, depth + 1, w);
            } else if (depth >= settings.maxCauseDepth() || w.budget <= 0) {
                omittedCauses = countChain(next);
            } else {
                cause = convert(next, trace, depth + 1, w);
            }
        }
        return new SanitizedThrowable(type, msg.text(), msg.dropped() > 0, frames,
                trace.length - keep, keep < unique, kept, omittedSuppressed, cause, omittedCauses,
                false);
    }

    private TextBounds.Cut message(Throwable t, String type, Walk w) {
        if (!settings.keepMessages()) {
            return new TextBounds.Cut(null, 0);
        }
        String raw;
        try {
            raw = t.getMessage();
        } catch (Throwable e) {
            return new TextBounds.Cut("(message unavailable: " + Sanitizer.typeName(e) + " thrown)", 0);
        }
        return sanitizer.clean(raw, w.counts, settings.maxMessageLength());
    }

    private static StackTraceElement[] stackTrace(Throwable t) {
        try {
            StackTraceElement[] st = t.getStackTrace();
            return st == null ? new StackTraceElement[0] : st;
        } catch (Throwable e) {
            return new StackTraceElement[0];
        }
    }

    private static Throwable[] suppressed(Throwable t) {
        try {
            return t.getSuppressed();
        } catch (Throwable e) {
            return new Throwable[0];
        }
    }

    private static Throwable cause(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable e) {
            return null;
        }
    }

    /** Length of the chain from {@code t}, stopping at a loop or after 10,000. */
    private static int countChain(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int n = 0;
        Throwable c = t;
        while (c != null && n < MAX_COUNTED_CAUSES && seen.add(c)) {
            n++;
            c = cause(c);
        }
        return n;
    }

    /**
     * Cleans the non-JDK frames in one pass over their text joined by newlines, instead of one pass
     * per frame: each pass has a fixed setup cost, and a 40-frame trace paid it 40 times (measured,
     * most of the sanitizer's time per throwable). No pattern spans a line break in a frame list, and
     * frames that hold a line break of their own, or a result that does not split back into the same
     * number of lines, fall back to one pass per frame.
     */
    private void cleanFrames(List<String> frames, List<Integer> indexes, boolean plain, Walk w) {
        if (indexes.isEmpty()) {
            return;
        }
        StringBuilder joined = new StringBuilder();
        boolean batchable = true;
        for (int index : indexes) {
            String frame = frames.get(index);
            if (frame.indexOf('\n') >= 0 || frame.indexOf('\r') >= 0) {
                batchable = false;
                break;
            }
            if (joined.length() > 0) {
                joined.append('\n');
            }
            joined.append(frame);
        }
        if (batchable) {
            RedactionCounts batchCounts = new RedactionCounts();
            String cleaned = sanitizer.cleanFrames(joined.toString(), plain, batchCounts);
            String[] lines = cleaned == null ? new String[0] : cleaned.split("\n", -1);
            if (lines.length == indexes.size()) {
                for (int i = 0; i < lines.length; i++) {
                    frames.set(indexes.get(i), lines[i]);
                }
                if (w.counts != null) {
                    w.counts.addAll(batchCounts);
                }
                return;
            }
        }
        for (int index : indexes) {
            frames.set(index, sanitizer.cleanFrame(frames.get(index), w.counts));
        }
    }

    /** Frames at the bottom of {@code trace} equal to the bottom of {@code enclosing}. */
    private static int framesInCommon(StackTraceElement[] trace, StackTraceElement[] enclosing) {
        int m = trace.length - 1;
        int n = enclosing.length - 1;
        int common = 0;
        while (m >= 0 && n >= 0 && trace[m] != null && trace[m].equals(enclosing[n])) {
            m--;
            n--;
            common++;
        }
        return common;
    }

    /**
     * A frame of the JDK itself, with a plain source file name: its text comes from the JDK, not
     * from the user, so it is kept verbatim (faster, and a user called "thread" cannot turn
     * {@code java.lang.Thread} into {@code java.lang.<user>}).
     */
    static boolean isJdkFrame(StackTraceElement e) {
        if (e == null) {
            return false;
        }
        String c = e.getClassName();
        if (!(c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.")
                || c.startsWith("sun.") || c.startsWith("com.sun."))) {
            return false;
        }
        String f = e.getFileName();
        if (f == null) {
            return true;
        }
        if (!f.endsWith(".java") || f.length() > 80) {
            return false;
        }
        for (int i = 0; i < f.length() - 5; i++) {
            char ch = f.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '$')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A frame whose text cannot hold an e-mail, IP address or card number, so the personal-data
     * pass may skip it (it was a fifth of a trace's cost). Class, method and file names use only
     * {@code [A-Za-z0-9_$.]} (or the method is {@code <init>}/{@code <clinit>}), so there is no
     * {@code @}, {@code %}, second {@code :} or space between digits; no dot-separated part starts
     * with a digit, so no dotted quad; no digit run is longer than 12, so no card number. Every
     * other pass still runs: tokens, secret values and user names can be identifiers.
     * {@code SanitizerPropertyTest} checks the claim on random frames.
     */
    static boolean isPlainFrame(StackTraceElement e) {
        if (e == null) {
            return false;
        }
        String m = e.getMethodName();
        return isPlainName(e.getClassName())
                && (isPlainName(m) || "<init>".equals(m) || "<clinit>".equals(m))
                && (e.getFileName() == null || isPlainName(e.getFileName()));
    }

    private static boolean isPlainName(String s) {
        if (s == null || s.isEmpty() || s.length() > 300) {
            return false;
        }
        int digits = 0;
        char prev = '.';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (prev == '.' || ++digits > 12) {
                    return false;
                }
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '.') {
                digits = 0;
            } else {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /** Like {@link StackTraceElement#toString()} without module or class loader prefixes. */
    static String format(StackTraceElement e) {
        if (e == null) {
            return "<unknown frame>";
        }
        StringBuilder b = new StringBuilder(96);
        b.append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.isNativeMethod()) {
            b.append("Native Method");
        } else if (e.getFileName() == null) {
            b.append("Unknown Source");
        } else {
            b.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                b.append(':').append(e.getLineNumber());
            }
        }
        return b.append(')').toString();
    }
}
