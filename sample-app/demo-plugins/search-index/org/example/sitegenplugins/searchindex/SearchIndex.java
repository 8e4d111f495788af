package org.example.sitegenplugins.searchindex;

import org.example.sitegen.plugin.SitePlugin;

/** Tags each page's body for a client-side search index; never fails. */
public final class SearchIndex implements SitePlugin {

    @Override
    public String pageRendered(String slug, String title, String html) {
        return html.replace("<body>", "<body data-search-id=\"" + slug + "\">");
    }
}
