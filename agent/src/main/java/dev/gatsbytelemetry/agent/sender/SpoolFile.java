package dev.gatsbytelemetry.agent.sender;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one spooled batch, which carries everything needed without opening the file:
 * {@code batch-<13-digit epoch millis>-<6-digit sequence>-<16 hex random>-n<events>.json}, with a
 * suffix {@code .sending-<pid>} while a process has claimed it. Names sort oldest first; the
 * sequence keeps one process's batches of the same millisecond in order, the random part keeps
 * names of different processes apart.
 */
record SpoolFile(Path path, long createdMillis, String id, int events, long claimPid) {

    static final String PREFIX = "batch-";
    private static final Pattern NAME =
            Pattern.compile("batch-(\\d{13})-(\\d{6}-[0-9a-f]{16})-n(\\d{1,6})\\.json(?:\\.sending-(\\d{1,19}))?");

    /** Parses a spool path; null if the name is not one of ours (or is mangled). */
    static SpoolFile parse(Path path) {
        Path fileName = path.getFileName();
        if (fileName == null) {
            return null;
        }
        Matcher m = NAME.matcher(fileName.toString());
        if (!m.matches()) {
            return null;
        }
        try {
            long pid = m.group(4) == null ? -1 : Long.parseLong(m.group(4));
            return new SpoolFile(path, Long.parseLong(m.group(1)), m.group(2), Integer.parseInt(m.group(3)), pid);
        } catch (NumberFormatException e) {
            return null;
        }
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
