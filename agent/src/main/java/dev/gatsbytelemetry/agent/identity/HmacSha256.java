package dev.gatsbytelemetry.agent.identity;

import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) over {@link Sha256}, for the same reason that class exists: the JDK's
 * {@code javax.crypto.Mac} first loads the security provider framework, 55-65 ms measured on these
 * machines, and the hooked-class cache checks its entries while the JVM starts. A unit test checks
 * it against {@code javax.crypto.Mac}.
 */
public final class HmacSha256 {

    private static final int BLOCK = 64;

    private HmacSha256() {
    }

    /** The 32-byte tag of {@code message} under {@code key}. */
    public static byte[] mac(byte[] key, byte[] message) {
        byte[] block = key.length > BLOCK ? Sha256.digest(key) : key;
        byte[] inner = new byte[BLOCK + message.length];
        byte[] outer = new byte[BLOCK + 32];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < block.length ? block[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        System.arraycopy(message, 0, inner, BLOCK, message.length);
        System.arraycopy(Sha256.digest(inner), 0, outer, BLOCK, 32);
        return Sha256.digest(outer);
    }

    /** Whether {@code tag} is the tag of {@code message}, compared in constant time. */
    public static boolean verify(byte[] key, byte[] message, byte[] tag) {
        byte[] expected = mac(key, message);
        if (tag == null || tag.length != expected.length) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < expected.length; i++) {
            difference |= expected[i] ^ tag[i];
        }
        Arrays.fill(expected, (byte) 0);
        return difference == 0;
    }
}
