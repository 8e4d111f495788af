package dev.gatsbytelemetry.agent.command;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds which of a few words the tool's class files hold as string constants.
 *
 * <p>Implementation notes. A string constant in a class file is a {@code CONSTANT_Utf8} entry: tag
 * byte {@code 1}, a two-byte big-endian length, then the characters in modified UTF-8 (plain ASCII
 * for a command word). So the scanner does not parse constant pools; it looks for those exact bytes,
 * length prefix included, in each class file: {@code "build"} matches the constant {@code build}
 * but not {@code rebuild} or {@code build.xml}. (The bytes could in theory also occur inside a
 * longer constant; that would need a tag byte and the length inside its text, which no word the
 * user typed can arrange.) The entry class is read first, where a tool's dispatch usually is, then
 * classes whose names speak of commands ({@code command}, {@code cli}, {@code cmd}, {@code main}), then
 * the rest; the scan stops as soon as every word is found, so a real command usually costs one class file; a
 * word that is not there costs a full scan, bounded by {@link ScanLimits}.
 */
public final class StringConstantScanner {

    private final ScanLimits limits;
    private byte[] buffer = new byte[64 * 1024];
    private int classFiles;
    private long bytes;

    private StringConstantScanner(ScanLimits limits) {
        this.limits = limits;
    }

    /**
     * Scans {@code code} for {@code words} (ASCII words; others are never found).
     *
     * @return the words found; never throws
     */
    public static ScanResult scan(ToolCode code, Collection<String> words, ScanLimits limits) {
        if (code == null || words.isEmpty()) {
            return ScanResult.nothing();
        }
        StringConstantScanner scanner = new StringConstantScanner(limits);
        Needles needles = new Needles(words, false);
        boolean complete;
        try {
            if (code.jar() != null) {
                complete = scanner.scanJar(code.jar(), code.entryResource(), needles);
            } else if (code.classesDirectory() != null) {
                complete = scanner.scanDirectory(code.classesDirectory(), code.entryResource(), needles);
            } else if (code.sourceFile() != null) {
                Needles literals = Needles.quoted(words);
                complete = scanner.readFile(code.sourceFile(), literals);
                needles = literals;
            } else {
                byte[] one = code.entryClassBytes();
                needles.search(one, one.length);
                scanner.counted(one.length);
                complete = true;
            }
        } catch (IOException | RuntimeException e) {
            complete = false;
        }
        return new ScanResult(needles.found(), complete || needles.allFound(), scanner.classFiles, scanner.bytes);
    }

    private boolean scanJar(File file, String entryResource, Needles needles) throws IOException {
        try (ZipFile zip = new ZipFile(file)) {
            ZipEntry first = zip.getEntry(entryResource);
            if (first != null && !read(zip, first, needles)) {
                return false;
            }
            if (needles.allFound()) {
                return true;
            }
            // classes named like commands first (liquibase/command/…, *Cli*, *Cmd*), then the rest
            java.util.List<ZipEntry> later = new java.util.ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".class") || name.equals(entryResource)) {
                    continue;
                }
                if (!looksLikeCommandCode(name)) {
                    if (later.size() < ScanLimits.MAX_CLASS_FILES) {
                        later.add(entry);
                    }
                    continue;
                }
                if (!read(zip, entry, needles)) {
                    return false;
                }
                if (needles.allFound()) {
                    return true;
                }
            }
            for (ZipEntry entry : later) {
                if (!read(zip, entry, needles)) {
                    return false;
                }
                if (needles.allFound()) {
                    return true;
                }
            }
            return true;
        }
    }

    static boolean looksLikeCommandCode(String entryName) {
        String lower = entryName.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("command") || lower.contains("cli") || lower.contains("cmd") || lower.contains("main");
    }

    /** @return false when a limit stopped the scan */
    private boolean read(ZipFile zip, ZipEntry entry, Needles needles) throws IOException {
        if (!withinLimits()) {
            return false;
        }
        long size = entry.getSize();
        if (size > ScanLimits.MAX_CLASS_FILE_SIZE) {
            return true;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            int length = readAll(in, size);
            if (length >= 0) {
                needles.search(buffer, length);
                counted(length);
            }
        }
        return true;
    }

    private boolean scanDirectory(File root, String entryResource, Needles needles) throws IOException {
        File first = new File(root, entryResource);
        if (first.isFile() && !readFile(first, needles)) {
            return false;
        }
        Deque<File> folders = new ArrayDeque<>();
        folders.push(root);
        int seen = 0;
        while (!folders.isEmpty() && !needles.allFound()) {
            File[] children = folders.pop().listFiles();
            if (children == null) {
                continue;
            }
            for (File child : children) {
                if (++seen > ScanLimits.MAX_CLASS_FILES * 2 || !withinLimits()) {
                    return false;
                }
                if (child.isDirectory()) {
                    folders.push(child);
                } else if (child.getName().endsWith(".class") && !child.equals(first)) {
                    if (!readFile(child, needles)) {
                        return false;
                    }
                    if (needles.allFound()) {
                        return true;
                    }
                }
            }
        }
        return true;
    }

    private boolean readFile(File file, Needles needles) throws IOException {
        if (!withinLimits()) {
            return false;
        }
        long size = file.length();
        if (size > ScanLimits.MAX_CLASS_FILE_SIZE || !file.isFile()) {
            return true;
        }
        try (InputStream in = new java.io.FileInputStream(file)) {
            int length = readAll(in, size);
            if (length >= 0) {
                needles.search(buffer, length);
                counted(length);
            }
        }
        return true;
    }

    private boolean withinLimits() {
        return classFiles < ScanLimits.MAX_CLASS_FILES && bytes < ScanLimits.MAX_BYTES && !limits.expired();
    }

    private void counted(int length) {
        classFiles++;
        bytes += length;
    }

    /** Reads a class file into {@link #buffer}; -1 when it is larger than a class file may be. */
    private int readAll(InputStream in, long expectedSize) throws IOException {
        if (expectedSize > buffer.length) {
            buffer = new byte[(int) expectedSize];
        }
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length >= ScanLimits.MAX_CLASS_FILE_SIZE) {
                    return -1;
                }
                buffer = java.util.Arrays.copyOf(buffer, Math.min(length * 2, ScanLimits.MAX_CLASS_FILE_SIZE));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return length;
            }
            length += n;
        }
    }

    /** The byte patterns of the words still looked for: {@code 01 len-hi len-lo bytes…}. */
    static final class Needles {

        private final String[] words;
        private final byte[][] patterns;
        private final boolean[] found;
        private final boolean quoted;
        private int open;

        static Needles quoted(Collection<String> wanted) {
            return new Needles(wanted, true);
        }

        private static byte[] quotedPattern(String word) {
            byte[] p = pattern(word);
            if (p == null) {
                return null;
            }
            byte[] q = new byte[p.length - 1];
            q[0] = '"';
            System.arraycopy(p, 3, q, 1, p.length - 3);
            q[q.length - 1] = '"';
            return q;
        }

        /** @param quoted look for {@code "word"} in source text instead of a class file's constant */
        Needles(Collection<String> wanted, boolean quoted) {
            Set<String> unique = new LinkedHashSet<>(wanted);
            words = unique.toArray(new String[0]);
            patterns = new byte[words.length][];
            found = new boolean[words.length];
            this.quoted = quoted;
            for (int i = 0; i < words.length; i++) {
                patterns[i] = quoted ? quotedPattern(words[i]) : pattern(words[i]);
                if (patterns[i] == null) {
                    found[i] = false;
                } else {
                    open++;
                }
            }
        }

        private static byte[] pattern(String word) {
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c == 0 || c > 0x7f) {
                    return null; // only ASCII is written as itself in modified UTF-8
                }
            }
            byte[] text = word.getBytes(StandardCharsets.US_ASCII);
            if (text.length == 0 || text.length > 0xffff) {
                return null;
            }
            byte[] p = new byte[text.length + 3];
            p[0] = 1;
            p[1] = (byte) (text.length >>> 8);
            p[2] = (byte) text.length;
            System.arraycopy(text, 0, p, 3, text.length);
            return p;
        }

        boolean allFound() {
            return open == 0;
        }

        Set<String> found() {
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < words.length; i++) {
                if (found[i]) {
                    out.add(words[i]);
                }
            }
            return out;
        }

        void search(byte[] data, int length) {
            for (int w = 0; w < words.length; w++) {
                if (!found[w] && patterns[w] != null
                        && (quoted ? containsText(data, length, patterns[w]) : contains(data, length, patterns[w]))) {
                    found[w] = true;
                    open--;
                }
            }
        }

        static boolean containsText(byte[] data, int length, byte[] p) {
            int last = length - p.length;
            for (int i = 0; i <= last; i++) {
                int k = 0;
                while (k < p.length && data[i + k] == p[k]) {
                    k++;
                }
                if (k == p.length) {
                    return true;
                }
            }
            return false;
        }

        /** Plain search keyed on the length bytes, which are rarer in class files than the tag byte. */
        static boolean contains(byte[] data, int length, byte[] p) {
            byte hi = p[1];
            byte lo = p[2];
            int last = length - p.length;
            for (int i = 0; i <= last; i++) {
                if (data[i + 2] != lo || data[i + 1] != hi || data[i] != 1) {
                    continue;
                }
                int k = 3;
                while (k < p.length && data[i + k] == p[k]) {
                    k++;
                }
                if (k == p.length) {
                    return true;
                }
            }
            return false;
        }
    }
}
