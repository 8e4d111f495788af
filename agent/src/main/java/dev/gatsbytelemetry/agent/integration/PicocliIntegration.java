package dev.gatsbytelemetry.agent.integration;

import dev.gatsbytelemetry.agent.recorder.FrameworkEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * picocli 4.x ({@code picocli.CommandLine}), observed at three methods:
 * <ul>
 *   <li>{@code execute(String...)}: its returned exit code is the command's; only exceptions raised
 *       while it runs count as caught by picocli (it turns them into a message and an exit code).</li>
 *   <li>{@code parseArgs(String...)}: the returned {@code ParseResult} names the command (the
 *       {@code @Command} name of each matched subcommand below the top one, so aliases resolve to the
 *       canonical name) and the options used (their longest name, never a value); a
 *       {@code ParameterException} names the command it failed in and is a {@code PARAMETER_ERROR}.</li>
 *   <li>{@code executeUserObject(CommandLine, List)}: where the command's {@code call()}/{@code run()}
 *       runs; timed as the command; an exception from it is a {@code COMMAND_FAILED} (its cause, the
 *       command's own exception, is reported) or a {@code PARAMETER_ERROR}.</li>
 * </ul>
 */
final class PicocliIntegration extends Integration {

    static final String COMMAND_LINE = "picocli/CommandLine";
    private static final int EXECUTE = 0;
    private static final int PARSE_ARGS = 1;
    private static final int EXECUTE_USER_OBJECT = 2;
    private static final String PARAMETER_EXCEPTION = "picocli.CommandLine$ParameterException";
    private static final String EXECUTION_EXCEPTION = "picocli.CommandLine$ExecutionException";
    private static final int MAX_DEPTH = 8;

    private static final List<Target> TARGETS = List.of(
            new Target(COMMAND_LINE, "execute", "([Ljava/lang/String;)I"),
            new Target(COMMAND_LINE, "parseArgs", "([Ljava/lang/String;)Lpicocli/CommandLine$ParseResult;"),
            new Target(COMMAND_LINE, "executeUserObject", "(Lpicocli/CommandLine;Ljava/util/List;)Ljava/util/List;"));

    /** Per thread: [0] nesting of execute, [1] nesting of executeUserObject, [2..] its start times. */
    private final ThreadLocal<long[]> state = new ThreadLocal<>();

    /** This thread's value, made at first use: an {@code initialValue()} subclass would be one more class to load before {@code main}. */
    private long[] threadState() {
        long[] value = state.get();
        if (value == null) {
            value = new long[2 + MAX_DEPTH];
            state.set(value);
        }
        return value;
    }

    PicocliIntegration(FrameworkEvents events) {
        super(events, TARGETS);
    }

    /**
     * Whether the application can load picocli. Asks for the class, not the resource: a missing
     * resource is looked for in every JDK module first (BuiltinClassLoader.findMiscResource opens a
     * reader per module), 10 ms of startup on JDK 25 and some 80 JIT compilations, where a missing
     * class costs 0.4 ms. The class is only loaded, not initialised, and through the transformer,
     * which is registered before this runs; an application with picocli loads it moments later.
     */
    @Override
    boolean expected(String mainClass, ClassLoader applicationLoader) {
        if (applicationLoader == null) {
            return false;
        }
        try {
            Class.forName(COMMAND_LINE.replace('/', '.'), false, applicationLoader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    void enter(int target, Object self, Object[] arguments) {
        long[] s = threadState();
        if (target == EXECUTE) {
            s[0]++;
        } else if (target == EXECUTE_USER_OBJECT) {
            int depth = (int) s[1]++;
            if (depth < MAX_DEPTH) {
                s[2 + depth] = System.nanoTime();
            }
        }
    }

    @Override
    void exit(int target, Object returned) {
        long[] s = threadState();
        if (target == EXECUTE) {
            if (--s[0] == 0 && returned instanceof Integer) {
                int code = (Integer) returned;
                events.commandExitCode(code);
                events.outcome(code == 0 ? "success" : "failure");
            }
        } else if (target == PARSE_ARGS) {
            parsed(returned);
        } else if (target == EXECUTE_USER_OBJECT) {
            executed(s);
        }
    }

    @Override
    void thrown(int target, Throwable thrown) {
        long[] s = threadState();
        if (target == EXECUTE) {
            s[0]--;
        } else if (target == PARSE_ARGS) {
            if (Reflect.isA(thrown, PARAMETER_EXCEPTION)) {
                events.nameCommand(pathOf(Reflect.call(thrown, "getCommandLine")));
                if (s[0] > 0) {
                    events.error("PARAMETER_ERROR", thrown);
                } else {
                    // the tool parses outside execute() and handles the exception itself (checkstyle)
                    events.escaped(thrown, null);
                }
            }
        } else if (target == EXECUTE_USER_OBJECT) {
            executed(s);
            if (s[0] > 0 && thrown instanceof Exception) {
                if (Reflect.isA(thrown, PARAMETER_EXCEPTION)) {
                    events.error("PARAMETER_ERROR", thrown);
                } else {
                    Throwable cause = Reflect.isA(thrown, EXECUTION_EXCEPTION) ? thrown.getCause() : null;
                    events.error("COMMAND_FAILED", cause != null ? cause : thrown);
                }
            }
        }
    }

    private void executed(long[] s) {
        if (s[1] == 0) {
            return;
        }
        int depth = (int) --s[1];
        if (depth < MAX_DEPTH) {
            events.commandTimed(System.nanoTime() - s[2 + depth]);
        }
    }

    /** The matched subcommands, and the options used at every level. */
    private void parsed(Object parseResult) {
        if (parseResult == null) {
            return;
        }
        List<String> path = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        Object level = parseResult;
        for (int depth = 0; level != null && depth <= MAX_DEPTH; depth++) {
            if (depth > 0) {
                path.add(Reflect.string(Reflect.call(level, "commandSpec"), "name"));
            }
            Object matched = Reflect.call(level, "matchedOptions");
            if (matched instanceof List) {
                for (Object option : (List<?>) matched) {
                    String name = Reflect.string(option, "longestName");
                    if (name != null && !flags.contains(name)) {
                        flags.add(name);
                    }
                }
            }
            level = Boolean.TRUE.equals(Reflect.call(level, "hasSubcommand")) ? Reflect.call(level, "subcommand") : null;
        }
        events.nameCommand(path);
        events.flags(flags);
    }

    /** The {@code @Command} names from below the top command down to {@code commandLine}. */
    private static List<String> pathOf(Object commandLine) {
        List<String> path = new ArrayList<>();
        Object level = commandLine;
        for (int depth = 0; level != null && depth <= MAX_DEPTH; depth++) {
            Object parent = Reflect.call(level, "getParent");
            if (parent == null) {
                break;
            }
            path.add(Reflect.string(level, "getCommandName"));
            level = parent;
        }
        Collections.reverse(path);
        return path;
    }
}
