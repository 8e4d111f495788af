package dev.gatsbytelemetry.agent.identity;

import java.util.Locale;
import java.util.Random;

/**
 * Version 4 UUIDs from a caller-chosen random source, and validation of UUID strings (by hand: the
 * session id is made or checked in premain, where loading {@code java.util.regex} would cost
 * milliseconds). Nothing here refers to {@code SecureRandom}: verifying this class would load it.
 */
final class Uuids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Uuids() {}

    /** A random (version 4, IETF variant) UUID in canonical lower-case form. */
    static String randomV4(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return fromBytes(bytes);
    }

    /**
     * Formats 16 random bytes as a version 4 UUID, by hand: {@code UUID.toString} creates a dozen
     * {@code VarHandle}s at its first use (JDK 21+), a millisecond of the session id in premain.
     */
    static String fromBytes(byte[] bytes) {
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        char[] text = new char[36];
        int at = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                text[at++] = '-';
            }
            text[at++] = HEX[(bytes[i] >> 4) & 0xf];
            text[at++] = HEX[bytes[i] & 0xf];
        }
        return new String(text);
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
