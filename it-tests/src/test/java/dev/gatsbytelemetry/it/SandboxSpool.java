package dev.gatsbytelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's spool of the runs in one sandbox (their shared home): where it is and what it holds,
 * for the ITs about delivery (SenderIT, NothingLostIT).
 */
final class SandboxSpool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    SandboxSpool(Path sandbox) {
        this.directory = sandbox.resolve(".home/.config/gatsby-telemetry-agent/events");
    }

    Path directory() {
        return directory;
    }

    /** Back-off window and last delivery, shared by every run of the sandbox. */
    Path deliveryState() {
        return directory.resolve("delivery.state");
    }

    /** Ends a back-off window a failed run opened, as its expiry would. */
    void endBackoff() throws IOException {
        Files.deleteIfExists(deliveryState());
    }

    /** File names, sorted; empty when there is no spool yet. */
    List<String> names() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Batch files, claimed ones included, oldest first. */
    List<Path> batchFiles() {
        return names().stream().filter(n -> n.startsWith("batch-")).map(directory::resolve).toList();
    }

    /** Every event in every batch file; each must be a valid event. */
    List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Path file : batchFiles()) {
            JsonNode array = JSON.readTree(Files.readString(file));
            assertThat(array.isArray()).as("%s is a JSON array", file).isTrue();
            for (JsonNode event : array) {
                EventSchema.check(event.toString());
                events.add(event);
            }
        }
        return events;
    }

    /** Records kept at exit and not completed yet, name and content, for a failure's message. */
    String pendingRecords() {
        StringBuilder out = new StringBuilder();
        for (String name : names()) {
            if (name.startsWith("pending-")) {
                try {
                    out.append(name).append(":\n").append(Files.readString(directory.resolve(name))).append('\n');
                } catch (IOException e) {
                    out.append(name).append(": ").append(e).append('\n');
                }
            }
        }
        return out.toString();
    }
}
