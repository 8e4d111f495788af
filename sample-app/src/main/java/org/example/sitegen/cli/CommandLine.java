package org.example.sitegen.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed arguments: the first non-option word is the command, later words are its operands.
 * Options may appear anywhere, as {@code --name value} or {@code --name=value}; {@code --} ends options.
 */
public final class CommandLine {

    private static final Set<String> VALUE_OPTIONS = Set.of("dir", "pages", "port", "title");
    private static final Map<String, String> FLAGS = Map.of(
            "--help", "help", "-h", "help", "--version", "version", "-V", "version");

    private final String command;
    private final List<String> operands;
    private final Map<String, String> options;
    private final Set<String> flags;

    private CommandLine(String command, List<String> operands, Map<String, String> options, Set<String> flags) {
        this.command = command;
        this.operands = operands;
        this.options = options;
        this.flags = flags;
    }

    public static CommandLine parse(String... args) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.LinkedHashSet<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (FLAGS.containsKey(arg)) {
                flags.add(FLAGS.get(arg));
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = arg.substring(2, eq < 0 ? arg.length() : eq);
                if (!VALUE_OPTIONS.contains(name)) {
                    throw new UsageException("unknown option '" + arg + "'");
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option '--" + name + "' needs a value");
                }
                options.put(name, value);
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        String command = words.isEmpty() ? null : words.remove(0);
        return new CommandLine(command, List.copyOf(words), options, Set.copyOf(flags));
    }

    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    public List<String> operands() {
        return operands;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public int intOption(String name, int defaultValue, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a number from " + min + " to " + max + ", got '" + value + "'");
    }

    /** Rejects options and operand counts the command does not take. */
    public void expect(Set<String> allowedOptions, int minOperands, int maxOperands) {
        for (String name : options.keySet()) {
            if (!allowedOptions.contains(name)) {
                throw new UsageException("option '--" + name + "' does not apply to '" + command + "'");
            }
        }
        if (operands.size() < minOperands) {
            throw new UsageException("'" + command + "' needs " + minOperands + " argument(s)");
        }
        if (operands.size() > maxOperands) {
            throw new UsageException("unexpected argument '" + operands.get(maxOperands) + "'");
        }
    }
}
