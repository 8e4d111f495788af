package dev.gatsbytelemetry.collector.ingest;

import java.util.List;

/** The answer to one accepted batch: {@code {"accepted":N,"duplicates":D,"rejected":R}} and why events were rejected. */
public record IngestResult(int accepted, int duplicates, int rejected, List<DecodedBatch.Rejection> rejections) {
}
