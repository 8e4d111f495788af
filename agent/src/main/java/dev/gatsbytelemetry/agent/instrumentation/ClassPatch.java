package dev.gatsbytelemetry.agent.instrumentation;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A hooked class file written as the edits that make it from the original: runs copied from the
 * original and the bytes that are new. The hooked-class cache authenticates the edits instead of
 * the whole hooked class.
 *
 * <p>Implementation notes. Why: the cache's tag is checked in premain and on the application's
 * threads, where SHA-256 runs interpreted and then gets compiled by C2; authenticating whole hooked
 * classes (~100 KB per run for {@code sitegen}: {@code Thread}, {@code ProcessBuilder},
 * {@code Throwable}, JUL's {@code Logger} and the stage classes) cost ~40 ms of CPU per run
 * (BENCHMARKS.md, "Startup"). ASM, given the original's reader, copies the constant pool and every
 * method it does not change, so a hook is a few hundred bytes of edits. The original itself needs no
 * tag: the cache compares it byte for byte with the class file the JVM is loading.
 *
 * <p>Format: a sequence of operations, {@code 1, offset, length} (copy {@code length} bytes of the
 * original from {@code offset}) or {@code 2, length, bytes} (insert), integers big-endian.
 * {@link #diff} is greedy (any run of at least {@value #MIN_COPY} equal bytes found through an index
 * of 8-byte keys is copied) and runs only when an entry is written, on the recorder's thread;
 * {@link #apply} checks every bound and returns null for anything malformed.
 */
final class ClassPatch {

    static final int MIN_COPY = 16;
    private static final int COPY = 1;
    private static final int INSERT = 2;

    private ClassPatch() {
    }

    /** Edits that turn {@code original} into {@code hooked}; {@link #apply} gives back exactly {@code hooked}. */
    static byte[] diff(byte[] original, byte[] hooked) {
        Map<Long, Integer> firstAt = new HashMap<>();
        for (int j = 0; j + 8 <= original.length; j++) {
            firstAt.putIfAbsent(key(original, j), j);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int literalStart = 0;
        int i = 0;
        while (i + 8 <= hooked.length) {
            Integer j = firstAt.get(key(hooked, i));
            if (j != null) {
                int length = 0;
                while (i + length < hooked.length && j + length < original.length
                        && hooked[i + length] == original[j + length]) {
                    length++;
                }
                if (length >= MIN_COPY) {
                    insert(out, hooked, literalStart, i);
                    out.write(COPY);
                    writeInt(out, j);
                    writeInt(out, length);
                    i += length;
                    literalStart = i;
                    continue;
                }
            }
            i++;
        }
        insert(out, hooked, literalStart, hooked.length);
        byte[] patch = out.toByteArray();
        if (!Arrays.equals(apply(original, patch, hooked.length), hooked)) {
            // cannot happen; if it ever did, the whole class as one insert is still right
            ByteArrayOutputStream whole = new ByteArrayOutputStream(hooked.length + 5);
            insert(whole, hooked, 0, hooked.length);
            return whole.toByteArray();
        }
        return patch;
    }

    /** The class file the edits make from {@code original}, of exactly {@code length} bytes; null if malformed. */
    static byte[] apply(byte[] original, byte[] patch, int length) {
        if (original == null || patch == null || length < 0 || length > HookedClassCache.MAX_CLASS_BYTES) {
            return null;
        }
        byte[] out = new byte[length];
        int written = 0;
        int p = 0;
        while (p < patch.length) {
            int op = patch[p];
            if (op == COPY && p + 9 <= patch.length) {
                int offset = readInt(patch, p + 1);
                int count = readInt(patch, p + 5);
                if (offset < 0 || count < 0 || count > original.length - offset || count > length - written) {
                    return null;
                }
                System.arraycopy(original, offset, out, written, count);
                written += count;
                p += 9;
            } else if (op == INSERT && p + 5 <= patch.length) {
                int count = readInt(patch, p + 1);
                if (count < 0 || count > patch.length - p - 5 || count > length - written) {
                    return null;
                }
                System.arraycopy(patch, p + 5, out, written, count);
                written += count;
                p += 5 + count;
            } else {
                return null;
            }
        }
        return written == length ? out : null;
    }

    private static void insert(ByteArrayOutputStream out, byte[] bytes, int from, int to) {
        if (to > from) {
            out.write(INSERT);
            writeInt(out, to - from);
            out.write(bytes, from, to - from);
        }
    }

    private static long key(byte[] bytes, int at) {
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = k << 8 | (bytes[at + i] & 0xff);
        }
        return k;
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
    }
}
