package org.example.sitegen.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The plugins found on the class path, in a stable order, applied one after another to each page. */
public final class SitePlugins {

    private final List<SitePlugin> plugins;

    private SitePlugins(List<SitePlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** No plugins: every page is left as it is. */
    public static SitePlugins none() {
        return new SitePlugins(List.of());
    }

    /** These plugins, applied in this order. */
    public static SitePlugins of(List<SitePlugin> plugins) {
        return new SitePlugins(plugins);
    }

    /** Every {@link SitePlugin} that sitegen's class loader can see, ordered by class name. */
    public static SitePlugins fromClassPath() {
        List<SitePlugin> found = new ArrayList<>();
        ServiceLoader.load(SitePlugin.class, SitePlugin.class.getClassLoader()).forEach(found::add);
        found.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
        return new SitePlugins(found);
    }

    public String apply(String slug, String title, String html) {
        String out = html;
        for (SitePlugin plugin : plugins) {
            out = plugin.pageRendered(slug, title, out);
        }
        return out;
    }
}
