package dev.gatsbytelemetry.agent.sanitizer;

import java.util.Random;

/** Building blocks of generated secrets, shared by the property tests of the sanitizer and the command line. */
public final class SecretShapes {

    private SecretShapes() {
    }

    /** {@code n} characters drawn from {@code alphabet}. */
    public static String random(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** A 16-digit Visa or Mastercard-like number that passes the sanitizer's own Luhn check. */
    public static String luhnCard(Random r) {
        StringBuilder b = new StringBuilder(r.nextBoolean() ? "4" : "5" + (1 + r.nextInt(5)));
        while (b.length() < 15) {
            b.append(r.nextInt(10));
        }
        for (int d = 0; d < 10; d++) {
            if (LuhnCheck.isValid(b.toString() + d)) {
                return b.append(d).toString();
            }
        }
        throw new AssertionError("some check digit always fits");
    }
}
