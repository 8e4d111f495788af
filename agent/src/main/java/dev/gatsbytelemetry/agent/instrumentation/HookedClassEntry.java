package dev.gatsbytelemetry.agent.instrumentation;

import dev.gatsbytelemetry.agent.identity.HmacSha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The file format of one {@link HookedClassCache} entry: magic and format version, the agent build's
 * fingerprint, the class name, the plan key, the original class file, the hooked class file's
 * length and the edits that make it from the original ({@link ClassPatch}), and an HMAC-SHA256 tag
 * under the user's {@link HookedClassKey}.
 *
 * <p>Implementation notes: the tag covers the header fields, the original's length and CRC32, and
 * the edits, not the original in full nor the hooked class: the original is compared byte for byte with the
 * class file the JVM is loading, which an attacker does not choose, so binding its CRC is enough to
 * stop an old entry being replayed for a changed class; and the hooked class is the original plus
 * the authenticated edits. Format 2 tagged the whole hooked class: ~100 KB hashed per run, ~40 ms
 * of CPU with SHA-256 running interpreted and then compiled by C2 (BENCHMARKS.md, "Startup"); the
 * edits are a few hundred bytes a class. A format 2 entry is rejected and rewritten.
 */
final class HookedClassEntry {

    private static final int MAGIC = 0x47544843; // "GTHC"
    private static final int FORMAT = 3;
    private static final int TAG_BYTES = 32;

    private HookedClassEntry() {
    }

    static byte[] serialize(byte[] key, String agentBuild, String className, String planKey, byte[] original,
                            byte[] hooked) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(original.length + hooked.length + 512);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeUTF(agentBuild);
        out.writeUTF(className);
        out.writeUTF(planKey);
        out.writeInt(original.length);
        out.write(original);
        byte[] patch = ClassPatch.diff(original, hooked);
        out.writeInt(hooked.length);
        out.writeInt(patch.length);
        out.write(patch);
        out.write(HmacSha256.mac(key, authenticated(agentBuild, className, planKey, original, hooked.length, patch)));
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * The hooked class file an entry holds, or {@code null} unless the entry carries a valid tag
     * under {@code key} and was made by this agent build, for this class and plan, from exactly these
     * original bytes.
     */
    static byte[] hookedBytes(byte[] file, byte[] key, String agentBuild, String className, String planKey,
                              byte[] original) {
        try {
            int contentLength = file.length - TAG_BYTES;
            if (key == null || contentLength < 8) {
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
            int patchLength = in.readInt();
            if (patchLength != in.available()) {
                return null;
            }
            byte[] patch = in.readNBytes(patchLength);
            byte[] tag = Arrays.copyOfRange(file, contentLength, file.length);
            // the tag first: only authenticated edits are ever applied
            return HmacSha256.verify(key, authenticated(agentBuild, className, planKey, original, hookedLength, patch), tag)
                    ? ClassPatch.apply(original, patch, hookedLength) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] authenticated(String agentBuild, String className, String planKey, byte[] original,
                                        int hookedLength, byte[] patch) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(original);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(patch.length + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(FORMAT);
        out.writeUTF(agentBuild);
        out.writeUTF(className);
        out.writeUTF(planKey);
        out.writeInt(original.length);
        out.writeInt((int) crc.getValue());
        out.writeInt(hookedLength);
        out.writeInt(patch.length);
        out.write(patch);
        out.flush();
        return bytes.toByteArray();
    }
}
