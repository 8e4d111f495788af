package dev.gatsbytelemetry.collector.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks a request's token, given as {@code Authorization: Bearer <token>} or as {@code ?token=}
 * (so an agent's endpoint URL can carry it). The comparison takes the same time whatever the
 * guess: both sides are hashed first, so even their lengths do not show.
 */
public final class TokenCheck {

    private final Optional<byte[]> expectedDigest;

    public TokenCheck(Optional<String> token) {
        this.expectedDigest = token.map(TokenCheck::digest);
    }

    /** Whether the request may pass: always without a configured token. */
    public boolean allows(Context ctx) {
        if (expectedDigest.isEmpty()) {
            return true;
        }
        String given = ctx.queryParam("token");
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).strip();
        }
        return given != null && MessageDigest.isEqual(expectedDigest.get(), digest(given));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
