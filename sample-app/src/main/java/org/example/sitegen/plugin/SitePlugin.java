package org.example.sitegen.plugin;

/**
 * A build plugin: a jar on sitegen's class path whose
 * {@code META-INF/services/org.example.sitegen.plugin.SitePlugin} names an implementation.
 *
 * <p>Run with plugins: {@code java -cp sample-app.jar:sitegen-plugin-x-1.0.jar org.example.sitegen.SiteGen build}.
 * Plugins are called on the render worker threads, so an implementation must be thread-safe; an
 * exception it throws fails that page's render like any other render error.
 */
public interface SitePlugin {

    /**
     * Called once per page after its template was applied.
     *
     * @param slug the page's slug (its file name without {@code .html})
     * @param title the page's title, not HTML-escaped
     * @param html the page as rendered so far
     * @return the page's HTML, changed or not
     */
    String pageRendered(String slug, String title, String html);
}
