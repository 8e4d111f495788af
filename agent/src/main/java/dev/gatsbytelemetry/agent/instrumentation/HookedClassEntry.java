package dev.gatsbytelemetry.agent.instrumentation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The file format of one {@link HookedClassCache} entry: magic and format version, the agent build's
 * fingerprint, the class name, the plan key, the original class file, the hooked class file, and a
 * CRC32 of all of it.
 */
final class HookedClassEntry {

    private static final int MAGIC = 0x47544843; // "GTHC"
    private static final int FORMAT = 1;

    private HookedClassEntry() {
    }

    static byte[] serialize(String agentBuild, String className, String planKey, byte[] original, byte[] hooked)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(original.length + hooked.length + 512);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeUTF(agentBuild);
        out.writeUTF(className);
        out.writeUTF(planKey);
        out.writeInt(original.length);
        out.write(original);
        out.writeInt(hooked.length);
        out.write(hooked);
        out.flush();
        out.writeInt(crc(bytes.toByteArray(), bytes.size()));
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * The hooked class file an entry holds, or {@code null} unless the entry is intact and was made
     * by this agent build, for this class and plan, from exactly these original bytes.
     */
    static byte[] hookedBytes(byte[] file, String agentBuild, String className, String planKey, byte[] original) {
        try {
            int contentLength = file.length - 4;
            if (contentLength < 8 || crc(file, contentLength) != readInt(file, contentLength)) {
                return null;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, contentLength));
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(agentBuild)
                    || !in.readUTF().equals(className) || !in.readUTF().equals(planKey)) {
                return null;
            }
            int originalLength = in.readInt();
            int originalStart = contentLength - in.available();
            if (originalLength != original.length || originalLength > in.available()
                    || !Arrays.equals(file, originalStart, originalStart + originalLength, original, 0, original.length)) {
                return null;
            }
            in.skipNBytes(originalLength);
            int hookedLength = in.readInt();
            return hookedLength == in.available() ? in.readNBytes(hookedLength) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }
}
