package dev.gatsbytelemetry.collector.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes at most {@code limit} bytes through and throws {@link BodyTooLargeException} on the first
 * byte beyond: placed after the gzip decoder, a compressed bomb is stopped after {@code limit}
 * bytes, never inflated into memory.
 */
public final class BoundedInputStream extends FilterInputStream {

    private final long limit;
    private final String what;
    private long count;

    public BoundedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    /** Bytes passed through so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Never read more than one byte past the limit: enough to know it was exceeded.
        long room = limit - count + 1;
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, room)));
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        add(skipped);
        return skipped;
    }

    private void add(long n) throws BodyTooLargeException {
        count += n;
        if (count > limit) {
            throw new BodyTooLargeException(what + " exceeds " + limit + " bytes");
        }
    }

    /** The body went past a size limit: the request is answered 413. */
    public static final class BodyTooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        public BodyTooLargeException(String message) {
            super(message);
        }
    }
}
