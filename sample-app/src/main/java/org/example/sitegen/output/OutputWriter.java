package org.example.sitegen.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.example.sitegen.config.SiteConfig;
import org.example.sitegen.render.RenderedPage;

/** Writes the rendered pages, index.html and sitemap.xml into {@code public/}. */
public class OutputWriter {

    public Path write(SiteConfig config, List<RenderedPage> pages) throws IOException {
        Path out = Files.createDirectories(config.outputDir());
        for (RenderedPage page : pages) {
            writeFile(out.resolve(page.fileName()), page.html());
        }
        writeFile(out.resolve("index.html"), IndexPage.html(config, pages));
        writeFile(out.resolve("sitemap.xml"), Sitemap.xml(config, pages));
        return out;
    }

    /** Writes via a temp file so a running dev server never serves half a page. */
    private static void writeFile(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
