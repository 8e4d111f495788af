package org.example.sitegen.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.example.sitegen.config.ConfigLoader;
import org.example.sitegen.config.SiteConfig;
import org.example.sitegen.content.ContentSource;
import org.example.sitegen.content.SourceFile;
import org.example.sitegen.markdown.MarkdownTransformer;
import org.example.sitegen.markdown.Page;
import org.example.sitegen.output.OutputWriter;
import org.example.sitegen.plugin.SitePlugins;
import org.example.sitegen.render.PageRenderer;
import org.example.sitegen.render.RenderPool;
import org.example.sitegen.render.RenderedPage;

/** Runs the build pipeline: config, content, transform, render, write. */
public class SiteBuilder {

    private final ConfigLoader configLoader;
    private final ContentSource contentSource;
    private final MarkdownTransformer transformer;
    private final OutputWriter outputWriter;

    public SiteBuilder() {
        this(new ConfigLoader(), new ContentSource(), new MarkdownTransformer(), new OutputWriter());
    }

    public SiteBuilder(ConfigLoader configLoader, ContentSource contentSource, MarkdownTransformer transformer,
                       OutputWriter outputWriter) {
        this.configLoader = configLoader;
        this.contentSource = contentSource;
        this.transformer = transformer;
        this.outputWriter = outputWriter;
    }

    public BuildResult build(Path siteDir) throws IOException {
        SiteConfig config = configLoader.loadConfig(siteDir);
        List<SourceFile> sources = contentSource.sourceContent(config);

        List<Page> pages = new ArrayList<>(sources.size());
        for (SourceFile source : sources) {
            Page page = transformer.transform(source);
            if (!page.draft()) {
                pages.add(page);
            }
        }

        int threads = Integer.parseInt(config.properties().getOrDefault("render.threads",
                Integer.toString(RenderPool.DEFAULT_THREADS)));
        List<RenderedPage> rendered = new RenderPool(new PageRenderer(config, SitePlugins.fromClassPath()), threads).renderAll(pages);

        Path out = outputWriter.write(config, rendered);
        return new BuildResult(config, rendered.size(), out);
    }
}
