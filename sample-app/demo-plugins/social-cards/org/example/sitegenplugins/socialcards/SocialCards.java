package org.example.sitegenplugins.socialcards;

import org.example.sitegen.plugin.SitePlugin;

/** Adds an Open Graph title; fails on a page whose title does not fit on a card, like real card renderers do. */
public final class SocialCards implements SitePlugin {

    static final int MAX_TITLE = 70;

    @Override
    public String pageRendered(String slug, String title, String html) {
        if (title.length() > MAX_TITLE) {
            throw new IllegalStateException("social card for page '" + slug + "': title is " + title.length()
                    + " characters, the card holds " + MAX_TITLE);
        }
        return html.replace("</head>", "<meta property=\"og:title\" content=\"" + title.replace("\"", "&quot;")
                + "\">\n</head>");
    }
}
