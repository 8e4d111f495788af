package org.example.sitegen.render;

import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.example.sitegen.config.SiteConfig;
import org.example.sitegen.markdown.Heading;
import org.example.sitegen.markdown.Html;
import org.example.sitegen.markdown.Page;
import org.example.sitegen.plugin.SitePlugins;

/** Puts a page into {@code templates/page.html}. Thread-safe: one instance serves all render workers. */
public class PageRenderer {

    static final String PAGE_TEMPLATE = "page.html";
    private static final DateTimeFormatter DISPLAY_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final SiteConfig config;
    private final TemplateLoader templates;
    private final Map<String, String> siteValues;
    private final SitePlugins plugins;

    public PageRenderer(SiteConfig config) {
        this(config, SitePlugins.none());
    }

    public PageRenderer(SiteConfig config, SitePlugins plugins) {
        this.config = config;
        this.plugins = plugins;
        this.templates = new TemplateLoader(config.templatesDir());
        this.siteValues = Map.of(
                "site.title", Html.escape(config.title()),
                "site.baseUrl", Html.escape(config.baseUrl()),
                "site.author", Html.escape(config.author()),
                "site.description", Html.escape(config.description()),
                "site.language", Html.escape(config.language()));
    }

    public RenderedPage render(Page page) {
        Template template = templates.load(PAGE_TEMPLATE);
        Map<String, String> values = new HashMap<>(siteValues);
        values.put("title", Html.escape(page.title()));
        values.put("content", page.html());
        values.put("summary", Html.escape(page.summary()));
        values.put("url", Html.escape(config.baseUrl() + page.slug() + ".html"));
        values.put("date", page.date() == null ? "" : page.date().toString());
        values.put("displayDate", page.date() == null ? "" : DISPLAY_DATE.format(page.date()));
        values.put("readingTime", Integer.toString(page.readingMinutes()));
        values.put("tags", tags(page));
        values.put("toc", tableOfContents(page));
        return new RenderedPage(page, plugins.apply(page.slug(), page.title(), template.apply(values)));
    }

    private static String tags(Page page) {
        StringBuilder out = new StringBuilder();
        for (String tag : page.tags()) {
            out.append("<span class=\"tag\">").append(Html.escape(tag)).append("</span>");
        }
        return out.toString();
    }

    private static String tableOfContents(Page page) {
        StringBuilder out = new StringBuilder("<ul class=\"toc\">");
        for (Heading h : page.headings()) {
            if (h.level() == 2 || h.level() == 3) {
                out.append("<li class=\"toc-h").append(h.level()).append("\"><a href=\"#").append(h.id())
                        .append("\">").append(Html.escape(h.text())).append("</a></li>");
            }
        }
        return out.append("</ul>").toString();
    }
}
