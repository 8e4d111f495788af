package org.example.sitegen.render;

/** Some render workers died; their pages have no output. */
public class RenderFailedException extends RuntimeException {

    private final int failedPages;

    public RenderFailedException(int failedPages) {
        super(failedPages + " page(s) failed to render");
        this.failedPages = failedPages;
    }

    public int failedPages() {
        return failedPages;
    }
}
