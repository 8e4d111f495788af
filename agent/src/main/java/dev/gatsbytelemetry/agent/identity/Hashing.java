package dev.gatsbytelemetry.agent.identity;

import java.nio.charset.StandardCharsets;

/** Salted SHA-256, hex encoded. */
final class Hashing {

    private Hashing() {}

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code salt + value}. */
    static String saltedSha256(String salt, String value) {
        return Sha256.hex(((salt == null ? "" : salt) + value).getBytes(StandardCharsets.UTF_8), 32);
    }
}
