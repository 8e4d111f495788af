package dev.gatsbytelemetry.collector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged collector jar run as a real JVM, started and waited for through its ready line. */
public final class CollectorProcess {

    private static final Pattern READY = Pattern.compile("listening on (http://\\S+?)/ ");

    private final Process process;
    private final String address;
    private final StringBuilder stderr = new StringBuilder();

    private CollectorProcess(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    public static Path jar() {
        return Path.of(System.getProperty("collector.jar", "target/gatsby-telemetry-collector.jar"));
    }

    public static CollectorProcess start(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            CollectorProcess running;
            String address = ready.get(120, TimeUnit.SECONDS);
            if (address == null) {
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new IllegalStateException("collector exited without a ready line: " + err);
            }
            running = new CollectorProcess(process, address);
            Thread drain = new Thread(() -> {
                try {
                    process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // process gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("collector did not start: " + e, e);
        }
    }

    public String address() {
        return address;
    }

    public Http http() {
        return new Http(address);
    }

    /** SIGTERM, then waits for the JVM to exit; returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("collector did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: the process dies wherever it is. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }
}
