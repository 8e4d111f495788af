package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.AgentJar;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.zip.CRC32;
import java.util.zip.Adler32;

/**
 * Identifies an agent build by its jar's central directory: the zip's table of every entry's name,
 * size and CRC, so any change to any class gives another fingerprint, while the same build copied
 * anywhere (or rebuilt reproducibly) keeps it. Reading it costs one small read, where hashing the
 * jar would read half a megabyte on the startup path.
 *
 * <p>The {@link HookedClassCache} keys its entries with it: a hooked class is valid only for the
 * build whose rewriting code made it.
 */
public final class AgentJarFingerprint {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_LENGTH = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;

    private AgentJarFingerprint() {
    }

    /** The fingerprint of the jar this class was loaded from, or {@code null} (not a jar, unreadable). */
    public static String ofAgentJar() {
        File jar = AgentJar.file();
        return jar == null ? null : of(jar);
    }

    /** The fingerprint of a jar file, or {@code null} when it is not a readable zip without ZIP64. */
    static String of(File jar) {
        try (RandomAccessFile file = new RandomAccessFile(jar, "r")) {
            long length = file.length();
            // Almost every jar has no comment: its end record is its last 22 bytes.
            String fingerprint = fromTail(file, length, (int) Math.min(length, END_LENGTH));
            return fingerprint != null ? fingerprint : fromTail(file, length, (int) Math.min(length, END_LENGTH + MAX_COMMENT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String fromTail(RandomAccessFile file, long length, int tailLength) throws IOException {
        byte[] tail = new byte[tailLength];
        file.seek(length - tailLength);
        file.readFully(tail);
        for (int end = tailLength - END_LENGTH; end >= 0; end--) {
            if (littleEndianInt(tail, end) == END_SIGNATURE) {
                long directoryLength = littleEndianInt(tail, end + 12) & 0xFFFFFFFFL;
                long directoryOffset = littleEndianInt(tail, end + 16) & 0xFFFFFFFFL;
                if (directoryLength == 0 || directoryLength > MAX_DIRECTORY_BYTES
                        || directoryOffset + directoryLength > length) {
                    return null;
                }
                byte[] directory = new byte[(int) directoryLength];
                file.seek(directoryOffset);
                file.readFully(directory);
                CRC32 crc = new CRC32();
                crc.update(directory);
                Adler32 adler = new Adler32(); // a second, independent checksum: 64 bits in all
                adler.update(directory);
                return Long.toHexString(crc.getValue()) + "-" + Long.toHexString(adler.getValue()) + "-" + directoryLength;
            }
        }
        return null;
    }

    private static int littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8)
                | ((bytes[offset + 2] & 0xFF) << 16) | ((bytes[offset + 3] & 0xFF) << 24);
    }
}
