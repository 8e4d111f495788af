package org.example.sitegen.content;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.example.sitegen.config.SiteConfig;

/** Collects the site's pages: every {@code content/*.md} file plus, if configured, remote CMS pages. */
public class ContentSource {

    private static final String EXTENSION = ".md";

    private final RemoteContentClient remote;

    public ContentSource() {
        this(new RemoteContentClient());
    }

    public ContentSource(RemoteContentClient remote) {
        this.remote = remote;
    }

    public List<SourceFile> sourceContent(SiteConfig config) throws IOException {
        List<SourceFile> sources = new ArrayList<>();
        for (Path file : listMarkdown(config.contentDir())) {
            sources.add(read(file));
        }
        if (config.remoteUrl().isPresent()) {
            sources.addAll(remote.fetch(config.remoteUrl().get()));
        }
        return sources;
    }

    private static List<Path> listMarkdown(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + EXTENSION)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot read content directory " + dir + ": " + reason(e), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    private static SourceFile read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new SourceFile(file.toString(), name.substring(0, name.length() - EXTENSION.length()), text);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "not valid UTF-8";
        }
        return e.getMessage();
    }
}
