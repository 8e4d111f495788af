package dev.gatsbytelemetry.agent.recorder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Derives the command name from an entry point's arguments: the first argument that does not start
 * with {@code -}, or {@code default} when there is none.
 *
 * <p>The name becomes part of an event type, so it must be a command word, not user data: anything
 * longer than {@value #MAX_LENGTH} characters or holding characters other than letters, digits,
 * {@code . _ : -} (a path, a URL, a sentence) is reported as {@code other}. With an allow-list, the
 * first argument on the list is the command, and {@code other} when none is.
 */
final class CommandNames {

    static final String DEFAULT = "default";
    static final String OTHER = "other";
    private static final int MAX_LENGTH = 40;
    private static final int MAX_ARGUMENTS_SCANNED = 64;

    private CommandNames() {
    }

    static String fromArguments(Object[] arguments, Set<String> allowList) {
        List<String> words = flatten(arguments);
        if (!allowList.isEmpty()) {
            for (String word : words) {
                if (allowList.contains(word)) {
                    return word;
                }
            }
            for (String word : words) {
                if (!word.startsWith("-")) {
                    return OTHER;
                }
            }
            return DEFAULT;
        }
        for (String word : words) {
            if (!word.startsWith("-")) {
                return isCommandWord(word) ? word : OTHER;
            }
        }
        return DEFAULT;
    }

    /** Most subcommand levels (or Maven goals) kept in a command path. */
    static final int MAX_PATH = 8;

    /**
     * A framework's command path ({@code site build}, {@code clean install}): each level must be a
     * command word (else {@code other}), at most {@value #MAX_PATH} levels, joined with spaces;
     * {@code default} when empty. With an allow-list, the whole path must be on it.
     */
    static String fromPath(List<String> path, Set<String> allowList) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String word : path) {
            if (word == null || n == MAX_PATH) {
                continue;
            }
            if (n++ > 0) {
                out.append(' ');
            }
            out.append(isCommandWord(word) ? word : OTHER);
        }
        if (n == 0) {
            return DEFAULT;
        }
        String name = out.toString();
        return allowList.isEmpty() || allowList.contains(name) ? name : OTHER;
    }

    static boolean isCommandWord(String word) {
        if (word.isEmpty() || word.length() > MAX_LENGTH || !Character.isLetterOrDigit(word.charAt(0))) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<String> flatten(Object[] arguments) {
        List<String> words = new ArrayList<>();
        if (arguments == null) {
            return words;
        }
        for (Object argument : arguments) {
            if (argument instanceof String) {
                words.add((String) argument);
            } else if (argument instanceof String[]) {
                for (String s : (String[]) argument) {
                    if (s != null) {
                        words.add(s);
                    }
                }
            } else if (argument instanceof Collection) {
                for (Object o : (Collection<?>) argument) {
                    if (o instanceof String) {
                        words.add((String) o);
                    }
                    if (words.size() >= MAX_ARGUMENTS_SCANNED) {
                        break;
                    }
                }
            }
            if (words.size() >= MAX_ARGUMENTS_SCANNED) {
                break;
            }
        }
        return words;
    }
}
