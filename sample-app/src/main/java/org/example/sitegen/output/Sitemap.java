package org.example.sitegen.output;

import java.util.List;

import org.example.sitegen.config.SiteConfig;
import org.example.sitegen.markdown.Html;
import org.example.sitegen.render.RenderedPage;

/** A sitemap.xml listing the home page and every page under the configured base URL. */
final class Sitemap {

    private Sitemap() {
    }

    static String xml(SiteConfig config, List<RenderedPage> pages) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
                .append("  <url><loc>").append(Html.escape(config.baseUrl())).append("</loc></url>\n");
        for (RenderedPage page : pages) {
            out.append("  <url><loc>").append(Html.escape(config.baseUrl() + page.fileName())).append("</loc>");
            if (page.page().date() != null) {
                out.append("<lastmod>").append(page.page().date()).append("</lastmod>");
            }
            out.append("</url>\n");
        }
        return out.append("</urlset>\n").toString();
    }
}
