package dev.gatsbytelemetry.agent.environment;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process runs at a terminal: for the first-run notice and {@code osInformation.isTTY}. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * Whether a person is at a terminal: standard input and output both are one, as
     * {@link System#console()} decides. On Linux this is read from the {@code /proc/self/fd} links
     * ({@code /dev/pts/N}, {@code /dev/ttyN}; a pipe, file or {@code /dev/null} is not one), because
     * on JDK 22+ merely initialising {@code Console} runs a service lookup across all JDK modules,
     * 5–10 ms of CPU on every run away from a terminal. Elsewhere {@code System.console()}: non-null
     * only on a terminal up to JDK 21; from JDK 22 it may return a console for redirected streams
     * too, and {@code Console.isTerminal()} tells the difference, so it is asked when it exists.
     */
    public static boolean interactive() {
        Boolean stdin = isTerminalDevice(0);
        Boolean stdout = isTerminalDevice(1);
        if (stdin != null && stdout != null) {
            return stdin && stdout;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** From {@code /proc/self/fd/N}; null where there is no such link (not Linux, or hidden). */
    private static Boolean isTerminalDevice(int fd) {
        try {
            Path link = Path.of("/proc/self/fd/" + fd);
            if (!Files.isSymbolicLink(link)) {
                return null;
            }
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
