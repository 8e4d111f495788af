package dev.gatsbytelemetry.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatsbytelemetry.collector.SampleEvents;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Each stored payload is the event's JSON exactly as the agent sent it, byte for byte. */
class BatchDecoderPayloadTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BatchDecoder decoder = new BatchDecoder(new EventValidator(), 50L << 20, 500L << 20);

    @Test
    void payloadsAreTheReceivedTextAcrossBufferBoundariesWithAndWithoutGzip() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            SampleEvents run = SampleEvents.run("build");
            Map<String, Object> event = i % 3 == 0 ? run.start()
                    : i % 3 == 1 ? run.error("java.lang.IllegalStateException", "render", "beef", "p\u00e9@1")
                    : run.end(0, 5, Map.of("render", new long[] {1, 0, 5}));
            String text = JSON.writeValueAsString(event);
            // Whitespace and an escaped character as some other client might send them: kept as they are.
            texts.add(i % 5 == 0 ? text.replace(",\"", ",\n  \"").replace("\u00e9", "\\u00e9") : text);
        }
        // one rejected event in the middle must not shift the others' slices
        texts.add(300, "{\"eventType\": \"NOT_VALID\"}");
        String body = "[ " + String.join(" ,\n", texts) + " ]";
        byte[] plain = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        for (boolean gzip : new boolean[] {false, true}) {
            DecodedBatch batch = decoder.decode(new ByteArrayInputStream(gzip ? gz.toByteArray() : plain), gzip);
            assertThat(batch.rejected()).isEqualTo(1);
            List<String> expected = new ArrayList<>(texts);
            expected.remove(300);
            assertThat(batch.events().stream().map(StoredEvent::payload).toList()).isEqualTo(expected);
        }
    }
}
