package org.example.sitegen.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * Serves a built site on 127.0.0.1. Request threads are non-daemon, so the JVM keeps
 * running after {@code main} returns until the process is stopped.
 */
public final class DevServer {

    private static final String LOOPBACK = "127.0.0.1";

    private final HttpServer server;
    private final ExecutorService executor;

    private DevServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static DevServer start(Path root, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 0);
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "http-" + counter.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        });
        // Start the workers now: they, not HttpServer's internal threads, keep the JVM alive.
        executor.prestartAllCoreThreads();
        server.createContext("/", new StaticFileHandler(root));
        server.setExecutor(executor);
        server.start();
        return new DevServer(server, executor);
    }

    public String url() {
        return "http://" + LOOPBACK + ":" + port() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
