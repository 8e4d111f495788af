package org.example.sitegenplugins.readingtime;

import org.example.sitegen.plugin.SitePlugin;

/** Marks each page with the plugin that touched it; never fails. */
public final class ReadingTimeBadge implements SitePlugin {

    @Override
    public String pageRendered(String slug, String title, String html) {
        return html.replace("</head>", "<meta name=\"sitegen-plugin\" content=\"reading-time\">\n</head>");
    }
}
