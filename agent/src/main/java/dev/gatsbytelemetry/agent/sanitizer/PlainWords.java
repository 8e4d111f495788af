package dev.gatsbytelemetry.agent.sanitizer;

import java.util.Locale;
import java.util.Map;

/**
 * Answers "would the {@link Sanitizer} leave this word alone?" for plain words without building a
 * sanitizer, whose patterns and literal tables cost a cold JVM 100-400 ms of CPU: too much to pay on
 * every run just to check a command word such as {@code build} or {@code update-sql}.
 *
 * <p>A plain word is lower-case ASCII letters in runs of at most {@value #MAX_RUN}, joined by single
 * {@code - _ .}, at most 40 characters. No pass of the sanitizer can change such a word except by
 * its literals: it holds no digit (IP, card, AWS and high-entropy shapes need digits or upper case),
 * no {@code @ = : / < "} (e-mail, key/value pairs, URLs, paths, XML, quoted literals), and it does
 * not start like a vendor token. So it is unchanged when it contains neither the user's name, nor
 * the host's name or first label, nor a secret environment value. Any other word gets
 * {@code false} here, and then the caller asks a real sanitizer. A property test compares this
 * answer with the sanitizer's on generated words.
 */
public final class PlainWords {

    static final int MAX_RUN = 16;
    private static final int MAX_LENGTH = 40;

    private PlainWords() {
    }

    /**
     * @return true only when {@code word} is plain and the sanitizer built from {@code settings}
     *         would return it unchanged; false means "not known", not "changed"
     */
    public static boolean certainlyUnchanged(String word, SanitizerSettings settings) {
        if (!isPlain(word) || TokenPrefixes.startsLikeToken(word)) {
            return false;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (contains(lower, settings.userName()) || contains(lower, settings.hostName())) {
            return false;
        }
        // EnvSecrets.secretValues, with the cheap test first: only a value whose spelling the word
        // touches has its variable's name matched against the secret-name patterns
        for (Map.Entry<String, String> e : settings.environment().entrySet()) {
            String value = e.getValue();
            if (value == null || value.trim().length() < EnvSecrets.MIN_LENGTH) {
                continue;
            }
            for (String spelling : EnvSecrets.spellings(value)) {
                if (contains(lower, spelling) && EnvSecrets.isSecretValue(e.getKey(), value)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isPlain(String word) {
        if (word == null || word.isEmpty() || word.length() > MAX_LENGTH) {
            return false;
        }
        int run = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (++run > MAX_RUN) {
                    return false;
                }
            } else if ((c == '-' || c == '_' || c == '.') && run > 0 && i + 1 < word.length()) {
                run = 0;
            } else {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive containment; a name's first label ({@code vm42} of {@code vm42.lan}) counts too. */
    private static boolean contains(String lowerWord, String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        return lowerWord.contains(n) || n.contains(lowerWord) || (dot > 0 && lowerWord.contains(n.substring(0, dot)));
    }
}
