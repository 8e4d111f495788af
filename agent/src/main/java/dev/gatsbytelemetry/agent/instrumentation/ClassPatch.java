package dev.gatsbytelemetry.agent.instrumentation;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

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
 * {@link #diff} is greedy (a common run found through an index of the original's 8-byte keys at
 * every {@value #INDEX_STEP}th byte is copied when it is at least {@value #MIN_COPY} bytes long)
 * and runs only when an entry is written, on the recorder's thread or at exit: 7-14 ms of CPU for
 * the JDK hooks' 68 KB in a cold JVM (a first version indexing every byte in a {@code HashMap}
 * took 100-165 ms). {@link #apply} checks every bound and returns null for anything malformed.
 */
final class ClassPatch {

    static final int MIN_COPY = 16;
    /** Every how many bytes of the original an 8-byte key is indexed: a common run of 24 bytes or more holds one. */
    private static final int INDEX_STEP = 8;
    private static final int COPY = 1;
    private static final int INSERT = 2;

    private ClassPatch() {
    }

    /** Edits that turn {@code original} into {@code hooked}; {@link #apply} gives back exactly {@code hooked}. */
    static byte[] diff(byte[] original, byte[] hooked) {
        // An index of every INDEX_STEP-th position, not every one, in two plain arrays (open
        // addressing, no boxing): diff runs when a first run, or the exit, writes the entries of
        // ~100 KB of classes for a small tool, and runs interpreted there.
        int slots = Integer.highestOneBit(Math.max(16, original.length / INDEX_STEP * 2)) << 1;
        long[] keys = new long[slots];
        int[] firstAt = new int[slots]; // position + 1; 0 is empty
        for (int j = 0; j + 8 <= original.length; j += INDEX_STEP) {
            long k = key(original, j);
            int slot = slot(k, slots);
            while (firstAt[slot] != 0 && keys[slot] != k) {
                slot = (slot + 1) & (slots - 1);
            }
            if (firstAt[slot] == 0) {
                keys[slot] = k;
                firstAt[slot] = j + 1;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int literalStart = 0;
        int i = 0;
        while (i + 8 <= hooked.length) {
            long k = key(hooked, i);
            int slot = slot(k, slots);
            while (firstAt[slot] != 0 && keys[slot] != k) {
                slot = (slot + 1) & (slots - 1);
            }
            if (firstAt[slot] != 0) {
                int j = firstAt[slot] - 1;
                // the run may have begun before the indexed position: extend it back into the literal
                int back = 0;
                while (i - back > literalStart && j - back > 0 && hooked[i - back - 1] == original[j - back - 1]) {
                    back++;
                }
                // Arrays.mismatch compares eight bytes at a time even before the JIT compiles it
                int mismatch = Arrays.mismatch(hooked, i, hooked.length, original, j, original.length);
                int length = back + (mismatch >= 0 ? mismatch : Math.min(hooked.length - i, original.length - j));
                if (length >= MIN_COPY) {
                    insert(out, hooked, literalStart, i - back);
                    out.write(COPY);
                    writeInt(out, j - back);
                    writeInt(out, length);
                    i = i - back + length;
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

    private static int slot(long key, int slots) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40) & (slots - 1);
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
