package bench.noop;

import java.lang.instrument.Instrumentation;

/** The floor: an agent whose premain returns at once. Any -javaagent costs at least this. */
public final class NoopAgent {

    private NoopAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
    }
}
