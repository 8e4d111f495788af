package dev.gatsbytelemetry.agent.identity;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The two kinds of files a jar describes itself with, its manifest and its
 * {@code META-INF/maven/<group>/<artifact>/pom.properties}, read straight from the zip's central
 * directory: only the names are compared, as bytes, and only the matching entries are read.
 *
 * <p>Implementation notes. {@code JarFile} hashes every entry name when it opens a jar, and its
 * {@code entries()} makes a {@code JarEntry} (a decoded name string and several fields) for each
 * of the thousands of entries a library holds, only for two or three of them to be wanted. A cold
 * JVM reading checkstyle's 33 class-path jars spent ~50 ms of CPU that way, ~34 ms this way
 * (BENCHMARKS.md). Everything is bounded: the end record is looked for in the last 64 KiB + 22
 * bytes, the central directory may be at most {@value #MAX_DIRECTORY_BYTES} bytes, an entry
 * {@value #MAX_ENTRY_BYTES} bytes. Anything unusual (ZIP64, a split archive, encryption, a
 * compression other than stored or deflated, a damaged record, a bound passed) makes {@link #read}
 * return null, and the caller falls back to {@code JarFile}.
 *
 * @param manifest       the manifest's bytes, or null when the jar has none
 * @param pomProperties  the bytes of each {@code pom.properties}, in directory order, at most {@code maxPoms}
 */
record JarDescriptors(byte[] manifest, List<byte[]> pomProperties) {

    static final int MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;
    static final int MAX_ENTRY_BYTES = 1024 * 1024;
    private static final int END_RECORD = 0x06054b50;
    private static final int DIRECTORY_RECORD = 0x02014b50;
    private static final int LOCAL_RECORD = 0x04034b50;
    private static final int END_SIZE = 22;
    private static final int DIRECTORY_SIZE = 46;
    private static final int LOCAL_SIZE = 30;
    private static final byte[] MAVEN_PREFIX = "META-INF/maven/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POM_SUFFIX = "/pom.properties".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MANIFEST = "META-INF/MANIFEST.MF".getBytes(StandardCharsets.US_ASCII);

    /** The jar's descriptors, or null when the jar is not a plain zip this reader handles. */
    static JarDescriptors read(Path jar, int maxPoms, int maxPomBytes) {
        try (RandomAccessFile file = new RandomAccessFile(jar.toFile(), "r")) {
            long length = file.length();
            int tailLength = (int) Math.min(length, 0xffff + END_SIZE);
            byte[] tail = new byte[tailLength];
            file.seek(length - tailLength);
            file.readFully(tail);
            int end = -1;
            for (int i = tailLength - END_SIZE; i >= 0; i--) {
                if (int32(tail, i) == END_RECORD) {
                    end = i;
                    break;
                }
            }
            if (end < 0 || int16(tail, end + 4) != 0 || int16(tail, end + 6) != 0) {
                return null; // not a zip, or a split one
            }
            long directorySize = uint32(tail, end + 12);
            long directoryOffset = uint32(tail, end + 16);
            if (int16(tail, end + 10) == 0xffff || directorySize > MAX_DIRECTORY_BYTES
                    || directoryOffset + directorySize > length - tailLength + end) {
                return null; // ZIP64, too large, or inconsistent
            }
            byte[] directory = new byte[(int) directorySize];
            file.seek(directoryOffset);
            file.readFully(directory);
            byte[] manifest = null;
            List<byte[]> poms = new ArrayList<>();
            int at = 0;
            while (at + DIRECTORY_SIZE <= directory.length) {
                if (int32(directory, at) != DIRECTORY_RECORD) {
                    return null;
                }
                int nameLength = int16(directory, at + 28);
                int next = at + DIRECTORY_SIZE + nameLength + int16(directory, at + 30) + int16(directory, at + 32);
                int name = at + DIRECTORY_SIZE;
                if (next > directory.length) {
                    return null;
                }
                boolean isManifest = manifest == null && nameLength == MANIFEST.length
                        && regionMatches(directory, name, MANIFEST, true);
                boolean isPom = !isManifest && poms.size() < maxPoms && nameLength > MAVEN_PREFIX.length + POM_SUFFIX.length
                        && regionMatches(directory, name, MAVEN_PREFIX, false)
                        && regionMatches(directory, name + nameLength - POM_SUFFIX.length, POM_SUFFIX, false);
                if (isManifest || isPom) {
                    long size = uint32(directory, at + 24);
                    if (isPom && size > maxPomBytes) {
                        at = next;
                        continue; // as JarFile's reader: an oversized pom.properties is skipped
                    }
                    byte[] content = content(file, directory, at, length);
                    if (content == null) {
                        return null;
                    }
                    if (isManifest) {
                        manifest = content;
                    } else {
                        poms.add(content);
                    }
                }
                at = next;
            }
            return new JarDescriptors(manifest, poms);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The entry whose directory record starts at {@code at}, uncompressed; null when not handled. */
    private static byte[] content(RandomAccessFile file, byte[] directory, int at, long length) throws IOException {
        int flags = int16(directory, at + 8);
        int method = int16(directory, at + 10);
        long compressed = uint32(directory, at + 20);
        long size = uint32(directory, at + 24);
        long local = uint32(directory, at + 42);
        if ((flags & 1) != 0 || (method != 0 && method != 8) || compressed > MAX_ENTRY_BYTES
                || size > MAX_ENTRY_BYTES || local + LOCAL_SIZE > length) {
            return null; // encrypted, an unusual compression, or too large
        }
        byte[] header = new byte[LOCAL_SIZE];
        file.seek(local);
        file.readFully(header);
        if (int32(header, 0) != LOCAL_RECORD) {
            return null;
        }
        long data = local + LOCAL_SIZE + int16(header, 26) + int16(header, 28);
        if (data + compressed > length) {
            return null;
        }
        byte[] stored = new byte[(int) compressed];
        file.seek(data);
        file.readFully(stored);
        if (method == 0) {
            return compressed == size ? stored : null;
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stored);
            byte[] out = new byte[(int) size];
            int filled = 0;
            while (filled < out.length) {
                int n = inflater.inflate(out, filled, out.length - filled);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                filled += n;
            }
            return filled == out.length ? out : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static boolean regionMatches(byte[] bytes, int from, byte[] expected, boolean ignoreCase) {
        for (int i = 0; i < expected.length; i++) {
            byte b = bytes[from + i];
            if (ignoreCase && b >= 'a' && b <= 'z') {
                b -= 'a' - 'A';
            }
            if (b != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int int32(byte[] b, int at) {
        return int16(b, at) | int16(b, at + 2) << 16;
    }

    private static long uint32(byte[] b, int at) {
        return int32(b, at) & 0xffffffffL;
    }
}
