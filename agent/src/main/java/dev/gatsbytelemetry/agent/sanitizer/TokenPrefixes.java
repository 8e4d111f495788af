package dev.gatsbytelemetry.agent.sanitizer;

/**
 * The literal starts of the vendor token shapes {@link SecretPatterns} knows, without its regular
 * expressions: cheap to load, so {@link PlainWords} can ask "does this start like a token?" without
 * compiling them.
 */
final class TokenPrefixes {

    private TokenPrefixes() {
    }

    /**
     * The literal starts of the token shapes, by first character, for {@link #mayStartAt}: one
     * {@code startsWith} per prefix, and the token expression runs only where one matches.
     */
    static final String[] PREFIXES = {"eyJ", "gh", "github_pat_", "gl", "GR1348941", "xox", "xapp-",
        "xkeysib-", "AIza", "GOCSPX-", "sk", "rk_", "pk_", "whsec_", "npm_", "tk.eyJ", "hf_", "api_org_", "pypi-",
        "SG.", "SK", "dckr_", "shp", "dop_v1_", "doo_v1_", "dor_v1_", "dp.", "cfk_", "cfut_", "cfat_", "hvs.", "hvb.",
        "hvr.", "gsk_", "r8_", "lin_", "PMAK-", "sntr", "pscale_", "figd_", "ntn_", "secret_", "sbp_", "nfp_", "nfc_",
        "tskey-", "AGE-SECRET-KEY-1", "rubygems_", "CCIPAT_", "bkua_", "ATATT3", "dapi", "NRAK-", "pul-", "FLWSECK",
        "sq0", "key-", "ops_eyJ", "HRKU-", "fo1_", "fm1", "fm2", "rnd_", "vcp_", "vci_", "vck_", "vca_", "vcr_",
        "pnu_", "pat", "hooks.slack.com/", "discord"};

    private static final String[][] PREFIXES_BY_FIRST = new String[128][];

    static {
        for (String prefix : PREFIXES) {
            char c = prefix.charAt(0);
            String[] old = PREFIXES_BY_FIRST[c] == null ? new String[0] : PREFIXES_BY_FIRST[c];
            String[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = prefix;
            PREFIXES_BY_FIRST[c] = grown;
        }
    }

    /**
     * First two characters any shape can start with, as {@code first * 128 + second}: most words of
     * a stack trace ({@code com}, {@code lang}, {@code run}) start with a prefix's first letter, and
     * this rejects them with one table load instead of a loop of {@code startsWith}.
     */
    private static final boolean[] PAIRS = new boolean[128 * 128];

    static {
        for (String prefix : PREFIXES) {
            if (prefix.length() >= 2 && prefix.charAt(1) < 128) {
                PAIRS[prefix.charAt(0) * 128 + prefix.charAt(1)] = true;
            }
        }
        for (char second : "IKSGRNBC".toCharArray()) {
            PAIRS['A' * 128 + second] = true; // AWS key ids, AIza
        }
        for (char first : "Bb".toCharArray()) {
            for (char second : "eEaA".toCharArray()) {
                PAIRS[first * 128 + second] = true; // Bearer, Basic in any case
            }
        }
    }

    /** Whether the two characters at {@code i} can start some token shape (a cheap pre-check). */
    static boolean mayStartPair(String s, int i) {
        if (i + 1 >= s.length()) {
            return false;
        }
        char first = s.charAt(i);
        char second = s.charAt(i + 1);
        return first < 128 && second < 128 && PAIRS[first * 128 + second];
    }

    /** Whether {@code word} begins like one of the token shapes (a plain word that does is not plain). */
    static boolean startsLikeToken(String word) {
        return !word.isEmpty() && word.charAt(0) < 128 && mayStartAt(word, 0, word.charAt(0));
    }

    /** A cheap look at the first letters, so the token expression runs only where it may match. */
    static boolean mayStartAt(String s, int i, char c) {
        if (c == 'A' && i + 1 < s.length() && "IKSGRNBC".indexOf(s.charAt(i + 1)) >= 0) {
            return true; // AWS key ids, Google keys
        }
        if (c == 'B' || c == 'b') {
            if (s.regionMatches(true, i, "bearer", 0, 6) || s.regionMatches(true, i, "basic", 0, 5)) {
                return true;
            }
        }
        String[] prefixes = c < 128 ? PREFIXES_BY_FIRST[c] : null;
        if (prefixes != null) {
            for (String prefix : prefixes) {
                // Airtable's "pat" + 14 + "." would otherwise send every "path" and "pattern" to the expression
                if (s.startsWith(prefix, i) && (!prefix.equals("pat") || (i + 17 < s.length() && s.charAt(i + 17) == '.'))) {
                    return true;
                }
            }
        }
        return false;
    }

}
