package org.example.sitegen.output;

import java.util.Comparator;
import java.util.List;

import org.example.sitegen.config.SiteConfig;
import org.example.sitegen.markdown.Html;
import org.example.sitegen.markdown.Page;
import org.example.sitegen.render.RenderedPage;

/** The home page: every page, newest first. */
final class IndexPage {

    static final Comparator<Page> NEWEST_FIRST = Comparator
            .comparing(Page::date, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Page::slug);

    private IndexPage() {
    }

    static String html(SiteConfig config, List<RenderedPage> pages) {
        String title = Html.escape(config.title());
        StringBuilder out = new StringBuilder(4096 + pages.size() * 256);
        out.append("<!DOCTYPE html>\n<html lang=\"").append(Html.escape(config.language())).append("\">\n")
                .append("<head>\n<meta charset=\"utf-8\">\n<title>").append(title).append("</title>\n")
                .append("<meta name=\"description\" content=\"").append(Html.escape(config.description()))
                .append("\">\n</head>\n<body>\n<h1>").append(title).append("</h1>\n<ul class=\"posts\">\n");
        pages.stream().map(RenderedPage::page).sorted(NEWEST_FIRST).forEach(page -> {
            out.append("<li>");
            if (page.date() != null) {
                out.append("<time datetime=\"").append(page.date()).append("\">").append(page.date())
                        .append("</time> ");
            }
            out.append("<a href=\"").append(Html.escape(page.slug())).append(".html\">")
                    .append(Html.escape(page.title())).append("</a>\n<p>").append(Html.escape(page.summary()))
                    .append("</p></li>\n");
        });
        return out.append("</ul>\n</body>\n</html>\n").toString();
    }
}
