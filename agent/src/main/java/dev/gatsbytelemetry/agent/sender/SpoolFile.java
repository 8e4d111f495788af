package dev.gatsbytelemetry.agent.sender;

import java.nio.file.Path;

/**
 * The name of one spooled batch, which carries everything needed without opening the file:
 * {@code batch-<13-digit epoch millis>-<6-digit sequence>-<16 hex random>-n<events>.json}, with a
 * suffix {@code .sending-<pid>} while a process has claimed it. Names sort oldest first; the
 * sequence keeps one process's batches of the same millisecond in order, the random part keeps
 * names of different processes apart.
 */
record SpoolFile(Path path, long createdMillis, String id, int events, long claimPid) {

    static final String PREFIX = "batch-";
    private static final String EXTENSION = ".json";
    private static final String CLAIM = ".sending-";

    /**
     * Parses a spool path; null if the name is not one of ours (or is mangled). By hand, not with a
     * regular expression: every spool write lists the directory and parses each name, and a
     * developer's spool holds a file or two per run of the send interval (up to 1,000).
     */
    static SpoolFile parse(Path path) {
        Path fileName = path.getFileName();
        if (fileName == null) {
            return null;
        }
        String name = fileName.toString();
        int millisAt = PREFIX.length();
        int idAt = millisAt + 14;
        int eventsAt = idAt + 6 + 1 + 16 + 2;
        if (!name.startsWith(PREFIX) || name.length() < eventsAt + 1 + EXTENSION.length()
                || !digits(name, millisAt, 13) || name.charAt(millisAt + 13) != '-'
                || !digits(name, idAt, 6) || name.charAt(idAt + 6) != '-' || !lowerHex(name, idAt + 7, 16)
                || !name.startsWith("-n", idAt + 23)) {
            return null;
        }
        int eventsEnd = eventsAt;
        while (eventsEnd < name.length() && isDigit(name.charAt(eventsEnd))) {
            eventsEnd++;
        }
        int eventDigits = eventsEnd - eventsAt;
        if (eventDigits < 1 || eventDigits > 6 || !name.startsWith(EXTENSION, eventsEnd)) {
            return null;
        }
        int rest = eventsEnd + EXTENSION.length();
        long pid = -1;
        if (rest != name.length()) {
            int pidAt = rest + CLAIM.length();
            int pidDigits = name.length() - pidAt;
            if (!name.startsWith(CLAIM, rest) || pidDigits < 1 || pidDigits > 19 || !digits(name, pidAt, pidDigits)) {
                return null;
            }
            try {
                pid = Long.parseLong(name, pidAt, name.length(), 10);
            } catch (NumberFormatException e) {
                return null; // 19 digits beyond Long.MAX_VALUE
            }
        }
        return new SpoolFile(path, Long.parseLong(name, millisAt, millisAt + 13, 10), name.substring(idAt, idAt + 23),
                Integer.parseInt(name, eventsAt, eventsEnd, 10), pid);
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerHex(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c) && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** File name of an unclaimed batch; {@code id} is {@code <6-digit sequence>-<16 hex>}. */
    static String batchName(long createdMillis, String id, int events) {
        return PREFIX + zeroPadded(Math.max(0, createdMillis), 13) + "-" + id + "-n" + events + ".json";
    }

    /** Decimal digits of a non-negative number, left-padded with zeros (String.format is slow when cold). */
    static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /**
     * The batch's {@code Idempotency-Key}: its creation time and id, as in its file name. The name is
     * what survives retries, restarts and a {@code kill -9} during delivery, so every attempt to send
     * this batch, by any process, carries the same key; a batch split after a 413 becomes new
     * batches with keys of their own.
     */
    String idempotencyKey() {
        return zeroPadded(Math.max(0, createdMillis), 13) + "-" + id;
    }

    boolean claimed() {
        return claimPid >= 0;
    }

    /** Path of this batch when nobody holds it. */
    Path unclaimedPath() {
        return path.resolveSibling(batchName(createdMillis, id, events));
    }

    /** Path of this batch while process {@code pid} holds it. */
    Path claimedPath(long pid) {
        return path.resolveSibling(batchName(createdMillis, id, events) + ".sending-" + pid);
    }

    /** The same batch, now at {@code newPath} held by {@code pid} (-1 = unclaimed). */
    SpoolFile at(Path newPath, long pid) {
        return new SpoolFile(newPath, createdMillis, id, events, pid);
    }
}
