package dev.gatsbytelemetry.agent.consent;

import dev.gatsbytelemetry.agent.config.TinyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the config file with {@link TinyJson} to tell, without loading Jackson, whether the notice
 * is already handled: the user chose ({@code telemetry.enabled} present) or it was shown
 * ({@code telemetry.noticeShown: true}).
 */
final class QuickConfigRead {

    private static final long MAX_BYTES = 256 * 1024;

    enum State {
        /** No file: a first run on this machine. */
        ABSENT,
        /** The notice is not needed. */
        HANDLED,
        /** A file without the keys, or one this reader cannot judge: ask {@code TelemetryConfigFile}. */
        UNDECIDED
    }

    private QuickConfigRead() {
    }

    static State read(Path file) {
        if (file == null) {
            return State.UNDECIDED;
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                return State.UNDECIDED;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return State.UNDECIDED;
            }
            Object root = TinyJson.parse(text.charAt(0) == 0xFEFF ? text.substring(1) : text);
            if (root instanceof Map) {
                Object telemetry = ((Map<?, ?>) root).get("telemetry");
                if (telemetry instanceof Map) {
                    Map<?, ?> values = (Map<?, ?>) telemetry;
                    if (values.containsKey("enabled") || isTrue(values.get("noticeShown"))) {
                        return State.HANDLED;
                    }
                }
            }
            return State.UNDECIDED;
        } catch (NoSuchFileException e) {
            return State.ABSENT;
        } catch (IOException | RuntimeException e) {
            return State.UNDECIDED;
        }
    }

    /** A JSON {@code true}, or the string {@code "true"} in any case, as {@code ConfigSnapshot.getBoolean} reads it. */
    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || (value instanceof String && ((String) value).trim().equalsIgnoreCase("true"));
    }
}
