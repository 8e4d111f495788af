package dev.gatsbytelemetry.collector.http;

import dev.gatsbytelemetry.collector.api.ApiHandler;
import dev.gatsbytelemetry.collector.config.CollectorConfig;
import dev.gatsbytelemetry.collector.ingest.IngestService;
import dev.gatsbytelemetry.collector.storage.QueryStore;
import dev.gatsbytelemetry.collector.storage.Question;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP face of the collector, kept apart from storage: routes for ingest, the API and the
 * report page on a Javalin (Jetty) server. It holds no state of its own beyond the count of
 * requests in flight, so any number of instances can share one PostgreSQL.
 *
 * <pre>
 * POST /v1/events                 ingest (IngestHandler)
 * GET  /api/v1/{commands,stages,errors,plugins,plugins/pairs,environment}
 * GET  /api/v1/{stages/by-day,stages/by-version,facets}   for the report page
 * GET  /health                    "ok" (no data; for load balancers)
 * GET  /  and  /assets/*          the report page (ReportAssets)
 * </pre>
 */
public final class CollectorServer {

    private static final Logger LOG = Logger.getLogger(CollectorServer.class.getName());

    private final Javalin app;
    private final InFlightRequests inFlight = new InFlightRequests();

    public CollectorServer(CollectorConfig config, IngestService ingest, QueryStore queries) {
        ObjectMapper json = JsonMapper.builder().build();
        TokenCheck readTokens = new TokenCheck(config.readToken());
        ApiHandler api = new ApiHandler(queries, json);
        ReportAssets report = new ReportAssets();
        IngestHandler ingestHandler = new IngestHandler(ingest, new TokenCheck(config.ingestToken()), inFlight, json);
        this.app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.jetty.defaultHost = config.bind().getHostAddress();
            javalin.jetty.defaultPort = config.port();
            javalin.jetty.threadPool = threadPool();
            javalin.http.maxRequestSize = config.limits().maxCompressedBytes();
        });
        app.post("/v1/events", ingestHandler);
        for (Map.Entry<String, Question> route : Map.of(
                "/api/v1/commands", Question.COMMANDS,
                "/api/v1/stages", Question.STAGES,
                "/api/v1/errors", Question.ERRORS,
                "/api/v1/plugins", Question.PLUGINS,
                "/api/v1/plugins/pairs", Question.PLUGIN_PAIRS,
                "/api/v1/environment", Question.ENVIRONMENT,
                "/api/v1/stages/by-day", Question.STAGE_TREND_DAY,
                "/api/v1/stages/by-version", Question.STAGE_TREND_VERSION,
                "/api/v1/facets", Question.FACETS).entrySet()) {
            app.get(route.getKey(), ctx -> {
                if (!readTokens.allows(ctx)) {
                    unauthorized(ctx, json);
                    return;
                }
                api.answer(ctx, route.getValue());
            });
        }
        app.get("/health", ctx -> ctx.result("ok"));
        app.get("/", report::index);
        app.get("/assets/<path>", report::asset);
        app.exception(Exception.class, (e, ctx) -> {
            LOG.log(Level.WARNING, "request failed: " + ctx.method() + " " + ctx.path(), e);
            ctx.status(500).contentType("application/json").result("{\"error\":\"internal error\"}");
        });
    }

    private static QueuedThreadPool threadPool() {
        // Bounded: a flood queues in Jetty's accept backlog, not in new threads.
        QueuedThreadPool pool = new QueuedThreadPool(64, 8);
        pool.setName("collector-http");
        return pool;
    }

    private static void unauthorized(Context ctx, ObjectMapper json) {
        ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("application/json")
                .result(json.writeValueAsString(Map.of("error", "missing or wrong read token")));
    }

    /** Starts listening; returns the port actually bound. */
    public int start() {
        app.start();
        return app.port();
    }

    /**
     * Refuses new ingest requests, waits up to {@code timeout} for those in flight to be answered,
     * then stops the server.
     */
    public void stop(Duration timeout) {
        int left = inFlight.drain(timeout);
        if (left > 0) {
            LOG.warning(left + " ingest requests still running at shutdown");
        }
        app.stop();
    }
}
