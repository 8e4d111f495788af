package org.example.sitegen.render;

import org.example.sitegen.markdown.Page;

/** A page's final HTML document. */
public record RenderedPage(Page page, String html) {

    public String fileName() {
        return page.slug() + ".html";
    }
}
