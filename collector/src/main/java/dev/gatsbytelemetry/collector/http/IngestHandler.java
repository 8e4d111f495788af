package dev.gatsbytelemetry.collector.http;

import dev.gatsbytelemetry.collector.ingest.IngestOutcome;
import dev.gatsbytelemetry.collector.ingest.IngestResult;
import dev.gatsbytelemetry.collector.ingest.IngestService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /v1/events}: hands the body to {@link IngestService} and turns its outcome into a
 * status: 200 with counts, 400, 401, 413, 415, and 429/503 with {@code Retry-After} so the agent
 * keeps its spool and tries again later. Nothing of the request (address, headers) is stored.
 */
final class IngestHandler implements Handler {

    /** Seconds an agent should wait after 429 (queue full: drains in moments). */
    static final String RETRY_BUSY = "1";
    /** Seconds an agent should wait after 503 (storage away: may take a while). */
    static final String RETRY_UNAVAILABLE = "5";

    private final IngestService ingest;
    private final TokenCheck tokens;
    private final InFlightRequests inFlight;
    private final ObjectMapper json;

    IngestHandler(IngestService ingest, TokenCheck tokens, InFlightRequests inFlight, ObjectMapper json) {
        this.ingest = ingest;
        this.tokens = tokens;
        this.inFlight = inFlight;
        this.json = json;
    }

    @Override
    public void handle(Context ctx) throws IOException {
        if (!tokens.allows(ctx)) {
            error(ctx, 401, "missing or wrong ingest token");
            return;
        }
        if (!inFlight.enter()) {
            ctx.header("Retry-After", RETRY_UNAVAILABLE);
            error(ctx, 503, "collector stopping");
            return;
        }
        try {
            String length = ctx.header("Content-Length");
            long contentLength = length == null ? -1 : parseLength(length);
            IngestOutcome outcome = ingest.ingest(ctx.req().getInputStream(), ctx.header("Content-Encoding"),
                    contentLength, ctx.header("Idempotency-Key"));
            answer(ctx, outcome);
        } finally {
            inFlight.exit();
        }
    }

    private void answer(Context ctx, IngestOutcome outcome) {
        switch (outcome.status()) {
            case STORED, ALREADY_STORED -> {
                IngestResult result = outcome.result();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("accepted", result.accepted());
                body.put("duplicates", result.duplicates());
                body.put("rejected", result.rejected());
                if (!result.rejections().isEmpty()) {
                    body.put("rejections", result.rejections());
                }
                respond(ctx, 200, body);
            }
            case MALFORMED -> error(ctx, 400, outcome.message());
            case TOO_LARGE -> {
                // The rest of an oversized body is not read: close the connection after the answer.
                ctx.header("Connection", "close");
                error(ctx, 413, outcome.message());
            }
            case UNSUPPORTED_ENCODING -> error(ctx, 415, outcome.message());
            case BUSY -> {
                ctx.header("Retry-After", RETRY_BUSY);
                error(ctx, 429, outcome.message());
            }
            case STORAGE_UNAVAILABLE, STOPPING -> {
                ctx.header("Retry-After", RETRY_UNAVAILABLE);
                error(ctx, 503, outcome.message());
            }
            default -> throw new IllegalStateException("unhandled outcome " + outcome.status());
        }
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void error(Context ctx, int status, String message) {
        respond(ctx, status, Map.of("error", message));
    }

    /**
     * Writes and flushes the answer now, inside the handler, so a request leaves the in-flight count
     * only once its answer is on the wire. Javalin writes a result after the handler returns, which a
     * stopping server could cut off after the batch was stored (CollectorLifecycleIT once saw 600
     * events stored and 580 acknowledged).
     */
    private void respond(Context ctx, int status, Object body) {
        byte[] bytes = json.writeValueAsBytes(body);
        HttpServletResponse response = ctx.res();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        try {
            response.getOutputStream().write(bytes);
            response.flushBuffer();
        } catch (IOException clientGone) {
            // The client hung up: nothing to answer. A stored batch is resent and found a duplicate.
        }
    }
}
