package org.example.sitegen.scaffold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Creates the files of a new site: config, templates, partials and sample content. */
public class SiteScaffolder {

    private static final String DEFAULT_AUTHOR = "Alex Doe";

    public Path scaffold(Path dir, String title, int pageCount) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && (!Files.isDirectory(root) || !isEmpty(root))) {
            throw new ScaffoldException(dir + " already exists and is not an empty directory");
        }
        Files.createDirectories(root.resolve("content"));
        Files.createDirectories(root.resolve("templates/partials"));

        Files.writeString(root.resolve("site.properties"), resource("site.properties")
                .replace("@title@", propertyValue(title))
                .replace("@author@", propertyValue(DEFAULT_AUTHOR)), StandardCharsets.UTF_8);
        Files.writeString(root.resolve("templates/page.html"), resource("page.html"), StandardCharsets.UTF_8);
        for (String partial : new String[] {"header.html", "footer.html"}) {
            Files.writeString(root.resolve("templates/partials").resolve(partial), resource(partial),
                    StandardCharsets.UTF_8);
        }

        SampleContent content = new SampleContent(pageCount);
        for (int i = 0; i < pageCount; i++) {
            Files.writeString(root.resolve("content").resolve(content.fileName(i)), content.page(i),
                    StandardCharsets.UTF_8);
        }
        return root;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String resource(String name) {
        try (InputStream in = SiteScaffolder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("scaffold resource missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escapes what java.util.Properties would otherwise interpret in a value. */
    private static String propertyValue(String value) {
        String escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }
}
