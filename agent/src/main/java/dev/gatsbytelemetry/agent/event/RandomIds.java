package dev.gatsbytelemetry.agent.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version 4 UUIDs for event and session ids from {@link ThreadLocalRandom}: unique enough for ids
 * that are neither secrets nor guesses worth making, and free of {@code SecureRandom}'s first-use
 * cost (entropy gathering and provider loading, tens of milliseconds). The machine id, which lives
 * for years, uses {@code SecureRandom} instead.
 */
public final class RandomIds {

    private RandomIds() {
    }

    public static String uuidV4() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
