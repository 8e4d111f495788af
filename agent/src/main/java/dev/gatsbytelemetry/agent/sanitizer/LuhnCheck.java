package dev.gatsbytelemetry.agent.sanitizer;

/** The Luhn (mod 10) checksum used by payment card numbers. */
final class LuhnCheck {

    private LuhnCheck() {
    }

    /** True when the digits of {@code s} (other characters ignored) pass the Luhn check. */
    static boolean isValid(CharSequence s) {
        int sum = 0;
        int count = 0;
        boolean twice = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
            count++;
        }
        return count > 0 && sum % 10 == 0;
    }
}
