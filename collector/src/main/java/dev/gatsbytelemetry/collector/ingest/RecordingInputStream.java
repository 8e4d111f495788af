package dev.gatsbytelemetry.collector.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps a copy of the bytes read through it from a given offset on, so the decoder can store each
 * event's JSON exactly as received (a slice of the body) instead of writing its tree out again.
 *
 * <p>Implementation notes: offsets are absolute positions in the stream, the ones a Jackson byte
 * parser reports ({@code getByteOffset()}). The decoder calls {@link #forgetBefore} after each event,
 * so the copy holds one event plus the parser's read-ahead, never the whole body.
 */
final class RecordingInputStream extends FilterInputStream {

    private byte[] kept = new byte[16 * 1024];
    /** Absolute offset of {@code kept[0]}. */
    private long keptFrom;
    private int keptLength;

    RecordingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            keep(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            keep(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Jackson never skips; reading keeps the copy whole if anything ever does.
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(0, read);
    }

    private void keep(byte[] buffer, int offset, int n) {
        if (keptLength + n > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(kept.length * 2, keptLength + n));
        }
        System.arraycopy(buffer, offset, kept, keptLength, n);
        keptLength += n;
    }

    /** The bytes {@code [from, to)} as UTF-8 text, or null if they are not (all) still kept. */
    String text(long from, long to) {
        if (from < keptFrom || to > keptFrom + keptLength || from > to) {
            return null;
        }
        return new String(kept, (int) (from - keptFrom), (int) (to - from), StandardCharsets.UTF_8);
    }

    /** The byte at absolute {@code offset}, or -1 if it is not kept. */
    int byteAt(long offset) {
        return offset < keptFrom || offset >= keptFrom + keptLength ? -1 : kept[(int) (offset - keptFrom)] & 0xff;
    }

    /** Drops the bytes before absolute {@code offset}: they will not be asked for again. */
    void forgetBefore(long offset) {
        int drop = (int) Math.min(keptLength, Math.max(0, offset - keptFrom));
        if (drop > 0) {
            System.arraycopy(kept, drop, kept, 0, keptLength - drop);
            keptLength -= drop;
            keptFrom += drop;
        }
    }
}
