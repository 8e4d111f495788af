package dev.gatsbytelemetry.agent.identity;

import dev.gatsbytelemetry.agent.files.PrivateFiles;
import dev.gatsbytelemetry.agent.files.StateFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Maven coordinates of class-path jars remembered between runs, so a tool's later runs do not
 * open its jars again: reading them costs a tool like checkstyle (41 jars) a few hundred
 * milliseconds of CPU per run.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>An entry is keyed by a SHA-256 of the jar's absolute path (never the path itself: the file
 *       says which jars the user runs no more than needed) and is valid only while the jar's size
 *       and modification time (nanoseconds where the file system has them) are those recorded.</li>
 *   <li>One text line per jar, {@code <key> <size> <mtime> <groupId:artifactId@version or ->}.
 *       A line that does not parse, or whose coordinates are not coordinate words, is ignored, and
 *       so is a file larger than {@value #MAX_BYTES} bytes, a link or anything but a regular file
 *       ({@link PrivateFiles#read}): a damaged cache costs a re-read, never a wrong event.</li>
 *   <li>Bounded: at most {@value #MAX_ENTRIES} lines and {@value #MAX_BYTES} bytes; jars of this run
 *       are written first, then the others in their earlier order, so unused ones fall off.</li>
 *   <li>Written only when something changed, 0600 through a temporary file and an atomic rename
 *       ({@link PrivateFiles#writeAtomically}), in a state folder that is the user's own.</li>
 * </ul>
 * Not thread-safe: the recorder's thread uses it.
 */
public final class JarCoordinatesCache {

    /** The cache's file name inside the agent's state folder. */
    public static final String FILE_NAME = "class-path-jars.txt";

    static final int MAX_ENTRIES = 512;
    static final int MAX_BYTES = 64 * 1024;
    private static final int KEY_BYTES = 16;
    private static final String NONE = "-";

    private record Entry(long size, long modified, String coordinates) {}

    private final Path file;
    private final Map<String, Entry> entries;
    private final Set<String> usedKeys = new LinkedHashSet<>();
    private boolean changed;
    private int hits;
    private int misses;

    private JarCoordinatesCache(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** The cache kept in {@code file}; empty when it is absent, unsafe or damaged; never written when {@code file} is null. Never throws. */
    public static JarCoordinatesCache load(Path file) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (file != null) {
            try {
                Path folder = file.getParent();
                byte[] bytes = folder != null && StateFolder.usable(folder) ? PrivateFiles.read(file, MAX_BYTES) : null;
                if (bytes != null) {
                    parse(new String(bytes, StandardCharsets.UTF_8), entries);
                }
            } catch (IOException | RuntimeException e) {
                entries.clear(); // unreadable: start afresh, the next save replaces it
            }
        }
        return new JarCoordinatesCache(file, entries);
    }

    /**
     * The jar's coordinates as {@code groupId:artifactId@version}, or null when it has none:
     * remembered when the jar is unchanged, else read from it. Never throws.
     */
    public String coordinatesOf(Path jar) {
        String key;
        long size;
        long modified;
        try {
            Path absolute = jar.toAbsolutePath().normalize();
            BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
            key = Sha256.hex(absolute.toString().getBytes(StandardCharsets.UTF_8), KEY_BYTES);
            size = attributes.size();
            modified = nanos(attributes.lastModifiedTime());
        } catch (IOException | RuntimeException e) {
            return PluginNames.coordinatesOf(jar);
        }
        usedKeys.add(key);
        Entry known = entries.get(key);
        if (known != null && known.size() == size && known.modified() == modified) {
            hits++;
            return known.coordinates();
        }
        misses++;
        String coordinates = PluginNames.coordinatesOf(jar);
        entries.put(key, new Entry(size, modified, coordinates));
        changed = true;
        return coordinates;
    }

    /**
     * Writes the cache when this run added or changed entries; does nothing when built without a
     * file. Never throws.
     *
     * @return whether the file was written
     */
    public boolean save() {
        if (file == null || !changed) {
            return false;
        }
        try {
            Path folder = file.getParent();
            if (folder == null) {
                return false;
            }
            new StateFolder(folder).create(null); // 0700, the user's own, no link: else refused
            PrivateFiles.writeAtomically(file, render().getBytes(StandardCharsets.UTF_8));
            changed = false;
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Jars answered from the cache so far. */
    public int hits() {
        return hits;
    }

    /** Jars read because the cache did not know them or they changed. */
    public int misses() {
        return misses;
    }

    /** The file's text: this run's jars first, then the rest, within both bounds. */
    String render() {
        List<String> order = new ArrayList<>(usedKeys);
        for (String key : entries.keySet()) {
            if (!usedKeys.contains(key)) {
                order.add(key);
            }
        }
        StringBuilder out = new StringBuilder();
        int lines = 0;
        for (String key : order) {
            Entry entry = entries.get(key);
            if (entry == null) {
                continue;
            }
            String line = key + ' ' + entry.size() + ' ' + entry.modified() + ' '
                    + (entry.coordinates() == null ? NONE : entry.coordinates()) + '\n';
            // coordinates are ASCII words, so characters are bytes
            if (lines >= MAX_ENTRIES || out.length() + line.length() > MAX_BYTES) {
                break;
            }
            out.append(line);
            lines++;
        }
        return out.toString();
    }

    private static void parse(String text, Map<String, Entry> into) {
        for (String line : text.split("\n")) {
            if (into.size() >= MAX_ENTRIES) {
                return;
            }
            String[] parts = line.split(" ");
            if (parts.length != 4 || !isKey(parts[0])) {
                continue;
            }
            try {
                long size = Long.parseLong(parts[1]);
                long modified = Long.parseLong(parts[2]);
                String coordinates = NONE.equals(parts[3]) ? null : coordinates(parts[3]);
                if (size >= 0 && (coordinates != null || NONE.equals(parts[3]))) {
                    into.putIfAbsent(parts[0], new Entry(size, modified, coordinates));
                }
            } catch (NumberFormatException ignored) {
                // a damaged line: that jar is read again
            }
        }
    }

    /** {@code groupId:artifactId@version} back in its checked form, or null when it is not one. */
    private static String coordinates(String text) {
        int colon = text.indexOf(':');
        int at = text.indexOf('@', colon + 1);
        if (colon <= 0 || at < 0) {
            return null;
        }
        MavenCoordinates parsed = MavenCoordinates.of(text.substring(0, colon), text.substring(colon + 1, at),
                text.substring(at + 1));
        return parsed == null || !parsed.nameAtVersion().equals(text) ? null : text;
    }

    private static boolean isKey(String text) {
        if (text.length() != KEY_BYTES * 2) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
