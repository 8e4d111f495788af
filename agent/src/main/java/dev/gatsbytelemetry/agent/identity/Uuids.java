package dev.gatsbytelemetry.agent.identity;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Version 4 UUIDs from a caller-chosen random source, and validation of UUID strings (by hand: the
 * session id is checked in premain, where loading {@code java.util.regex} would cost milliseconds).
 */
final class Uuids {

    private Uuids() {}

    /** A random (version 4, IETF variant) UUID in canonical lower-case form. */
    static String randomV4(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return fromBytes(bytes);
    }

    private static String fromBytes(byte[] bytes) {
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    /**
     * A version 4 UUID from the operating system's entropy: {@code /dev/urandom} read directly where
     * it exists (a few microseconds), else {@link java.security.SecureRandom}, whose first use loads
     * the security providers (tens of milliseconds on the recorder thread, which at a short
     * command's exit is exit delay).
     */
    static String strongRandomV4() {
        byte[] bytes = new byte[16];
        try (java.io.FileInputStream in = new java.io.FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, 16) == 16) {
                return fromBytes(bytes);
            }
        } catch (java.io.IOException | SecurityException e) {
            // no /dev/urandom (Windows): fall back
        }
        return randomV4(new java.security.SecureRandom());
    }

    /** True for the canonical 8-4-4-4-12 hex form (any version, either case). */
    static boolean isCanonical(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dash ? c != '-' : !hex) {
                return false;
            }
        }
        return true;
    }

    /** The lower-case form of a canonical UUID string. */
    static String normalize(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
