package org.example.sitegen.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.example.sitegen.markdown.Page;

/**
 * Renders pages on a few plain worker threads ({@code render-1}, {@code render-2}, ...).
 * A worker that hits an exception simply dies (the JVM reports it as uncaught); the
 * caller finds out by counting pages without output after joining the workers.
 */
public class RenderPool {

    public static final int DEFAULT_THREADS = 2;

    private final PageRenderer renderer;
    private final int threads;

    public RenderPool(PageRenderer renderer, int threads) {
        this.renderer = renderer;
        this.threads = threads;
    }

    public List<RenderedPage> renderAll(List<Page> pages) {
        RenderedPage[] results = new RenderedPage[pages.size()];
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        int count = Math.max(1, Math.min(threads, pages.size()));
        for (int n = 1; n <= count; n++) {
            Thread worker = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < pages.size()) {
                    results[i] = renderer.render(pages.get(i));
                }
            }, "render-" + n);
            worker.setDaemon(false);
            workers.add(worker);
            worker.start();
        }
        joinAll(workers);
        long failed = Arrays.stream(results).filter(Objects::isNull).count();
        if (failed > 0) {
            throw new RenderFailedException((int) failed);
        }
        return List.of(results);
    }

    private static void joinAll(List<Thread> workers) {
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (true) {
                try {
                    worker.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: results must not be read while workers run
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
