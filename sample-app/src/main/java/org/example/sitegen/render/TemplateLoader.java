package org.example.sitegen.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads templates from {@code templates/}, inlining {@code {{> name}}} includes from
 * {@code templates/partials/name.html}. Results are cached; safe for concurrent renderers.
 */
final class TemplateLoader {

    private static final Pattern INCLUDE = Pattern.compile("\\{\\{>\\s*([\\w.-]+)\\s*}}");
    private static final int MAX_DEPTH = 10;

    private final Path templatesDir;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    TemplateLoader(Path templatesDir) {
        this.templatesDir = templatesDir;
    }

    Template load(String name) {
        Template cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        Template template = Template.compile(expand(templatesDir.resolve(name), new ArrayDeque<>()));
        cache.putIfAbsent(name, template);
        return template;
    }

    private String expand(Path file, Deque<Path> stack) {
        if (stack.contains(file) || stack.size() > MAX_DEPTH) {
            throw new IllegalStateException("recursive include of " + file + " via " + stack);
        }
        stack.push(file);
        String source = read(file);
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder(source.length());
        while (m.find()) {
            String partialName = m.group(1);
            Path partial = templatesDir.resolve("partials").resolve(partialName + ".html");
            if (!Files.isRegularFile(partial)) {
                throw new IllegalStateException("missing partial '" + partialName + "' in template " + file);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(expand(partial, stack)));
        }
        m.appendTail(out);
        stack.pop();
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }
}
