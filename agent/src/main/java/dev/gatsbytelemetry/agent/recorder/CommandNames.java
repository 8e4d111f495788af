package dev.gatsbytelemetry.agent.recorder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Derives the command name from an entry point's arguments.
 *
 * <p>The name becomes part of an event type, so it must never be something the user typed that could
 * be private: a token, a file name, a person's or a machine's name. With the maintainer's allow-list,
 * the first argument on the list is the command ({@code other} when none is). Without one, this
 * class only picks the candidates, on the application's thread and without any I/O: the first word
 * that does not start with {@code -} and does not follow an option given as a separate argument
 * ({@code --out dir}), and before it the words that do follow such an option (each may be that
 * option's value, or a command after a boolean flag). Words that do not look like a command word
 * (longer than {@value #MAX_LENGTH} characters, or holding characters other than letters, digits,
 * {@code . _ : -}: a path, a URL, a sentence) are never candidates. {@link CommandResolver} then
 * decides on the recorder's thread which candidate, if any, may be reported.
 */
final class CommandNames {

    static final String DEFAULT = "default";
    static final String OTHER = "other";
    private static final int MAX_LENGTH = 40;
    private static final int MAX_ARGUMENTS_SCANNED = 64;
    /** Most words after options kept as candidates before the first positional word. */
    private static final int MAX_OPTION_VALUES = 8;

    private CommandNames() {
    }

    /**
     * @param entryClass binary name of the class whose method received the arguments, or null
     * @param loader     a class loader that sees that class, or null
     */
    static CommandName fromArguments(Object[] arguments, Set<String> allowList, String entryClass,
                                     ClassLoader loader) {
        List<String> words = flatten(arguments);
        if (!allowList.isEmpty()) {
            for (String word : words) {
                if (allowList.contains(word)) {
                    return CommandName.known(word);
                }
            }
            for (String word : words) {
                if (!word.startsWith("-")) {
                    return CommandName.known(OTHER);
                }
            }
            return CommandName.known(DEFAULT);
        }
        List<String> optionValues = new ArrayList<>();
        boolean anyWord = false;
        boolean afterOption = false;
        boolean endOfOptions = false;
        for (String word : words) {
            if (!endOfOptions && word.startsWith("-") && word.length() > 1) {
                endOfOptions = word.equals("--");
                // --name=value carries its value; --name value may not
                afterOption = !endOfOptions && word.indexOf('=') < 0;
                continue;
            }
            anyWord = true;
            if (afterOption) {
                afterOption = false;
                if (isCommandWord(word) && optionValues.size() < MAX_OPTION_VALUES) {
                    optionValues.add(word);
                }
                continue;
            }
            String positional = isCommandWord(word) ? word : null;
            if (positional == null && optionValues.isEmpty()) {
                return CommandName.known(OTHER);
            }
            return CommandName.pending(optionValues, positional, entryClass, loader);
        }
        if (!anyWord) {
            return CommandName.known(DEFAULT);
        }
        return optionValues.isEmpty() ? CommandName.known(OTHER)
                : CommandName.pending(optionValues, null, entryClass, loader);
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
