package dev.gatsbytelemetry.agent.identity;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM entry point for the two-JVM race test: prints {@code ready}, waits until the "go"
 * file appears (so both JVMs leave the start line together), then prints {@code id=<machine id>}.
 * Arguments: config file path, go file path.
 */
public final class MachineIdRaceMain {

    private MachineIdRaceMain() {}

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path go = Path.of(args[1]);
        TelemetryConfigFile file = new TelemetryConfigFile(config);
        // Load Jackson and the lock classes before the race so both JVMs race on I/O, not class loading.
        file.read();
        System.out.println("ready");
        System.out.flush();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        MachineId id = new MachineIdProvider(file, "tool").get();
        System.out.println("id=" + id.value() + " persisted=" + id.persisted() + " problem=" + id.problem());
        System.out.flush();
    }
}
