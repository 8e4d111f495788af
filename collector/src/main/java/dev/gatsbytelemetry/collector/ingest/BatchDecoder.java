package dev.gatsbytelemetry.collector.ingest;

import dev.gatsbytelemetry.collector.ingest.BoundedInputStream.BodyTooLargeException;
import dev.gatsbytelemetry.collector.storage.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingest body as the agent sends it (a JSON array of event objects, gzip or not) one
 * event at a time: each element is validated and mapped before the next is read, so memory holds
 * the rows to store, never the whole document as a tree. Both size limits are enforced on the
 * stream itself.
 */
public final class BatchDecoder {

    /** At most this many rejection reasons are returned; the count covers them all. */
    static final int REASONS_KEPT = 10;
    /** A reason is cut after this many characters: enough to name the first violations. */
    static final int REASON_LENGTH = 300;

    /** Reads one element at a time out of a longer stream: what follows an element is not an error. */
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private final EventValidator validator;
    private final long maxCompressedBytes;
    private final long maxDecompressedBytes;

    public BatchDecoder(EventValidator validator, long maxCompressedBytes, long maxDecompressedBytes) {
        this.validator = validator;
        this.maxCompressedBytes = maxCompressedBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * @param gzip whether the body is {@code Content-Encoding: gzip}
     * @throws BodyTooLargeException above either limit (413)
     * @throws MalformedBatchException when the body is not a JSON array of objects (400)
     */
    public DecodedBatch decode(InputStream body, boolean gzip) throws IOException {
        InputStream compressed = new BoundedInputStream(body, maxCompressedBytes, "request body");
        BoundedInputStream decoded;
        try {
            decoded = new BoundedInputStream(gzip ? new GZIPInputStream(compressed, 8192) : compressed,
                    maxDecompressedBytes, "decompressed body");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new MalformedBatchException("not gzip: " + e.getMessage());
        }
        List<StoredEvent> events = new ArrayList<>();
        List<DecodedBatch.Rejection> rejections = new ArrayList<>();
        int rejected = 0;
        RecordingInputStream recorded = new RecordingInputStream(decoded);
        try (JsonParser parser = mapper.createParser(recorded)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedBatchException("the body must be a JSON array of events");
            }
            int index = 0;
            for (JsonToken token; (token = parser.nextToken()) != JsonToken.END_ARRAY; index++) {
                if (token != JsonToken.START_OBJECT) {
                    throw new MalformedBatchException("element " + index + " is not a JSON object");
                }
                long start = parser.currentTokenLocation().getByteOffset();
                JsonNode event = mapper.readTree(parser);
                long end = parser.currentTokenLocation().getByteOffset() + 1; // just after the closing brace
                List<String> violations = validator.violations(event);
                if (violations.isEmpty()) {
                    events.add(EventMapper.map(event, payload(recorded, start, end, event)));
                } else {
                    rejected++;
                    if (rejections.size() < REASONS_KEPT) {
                        rejections.add(new DecodedBatch.Rejection(index, shorten(String.join("; ", violations))));
                    }
                }
                recorded.forgetBefore(end);
            }
            if (parser.nextToken() != null) {
                throw new MalformedBatchException("unexpected content after the array");
            }
        } catch (JacksonException e) {
            // Jackson wraps the stream's own failures; a size limit stays a size limit.
            Throwable cause = e.getCause();
            if (cause instanceof BodyTooLargeException tooLarge) {
                throw tooLarge;
            }
            if (cause instanceof IOException io && !(cause instanceof java.util.zip.ZipException)
                    && !(cause instanceof java.io.EOFException)) {
                throw io;
            }
            throw new MalformedBatchException(cause != null ? "broken gzip stream: " + cause.getMessage()
                    : "not valid JSON: " + e.getOriginalMessage());
        }
        return new DecodedBatch(events, rejected, rejections, decoded.count());
    }

    /**
     * The event's JSON as received: the bytes from its opening to its closing brace. Writing the tree
     * out again cost ~17 % of decoding (JFR); a body the parser did not read as plain UTF-8 bytes
     * (no byte offsets, a byte-order mark, UTF-16) falls back to that.
     */
    private String payload(RecordingInputStream recorded, long start, long end, JsonNode event) {
        if (start >= 0 && recorded.byteAt(start) == '{' && recorded.byteAt(end - 1) == '}') {
            String text = recorded.text(start, end);
            if (text != null) {
                return text;
            }
        }
        return mapper.writeValueAsString(event);
    }

    private static String shorten(String reason) {
        return reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH) + "…";
    }

    /** The body is not a JSON array of objects: the request is answered 400. */
    public static final class MalformedBatchException extends IOException {

        private static final long serialVersionUID = 1L;

        public MalformedBatchException(String message) {
            super(message);
        }
    }
}
