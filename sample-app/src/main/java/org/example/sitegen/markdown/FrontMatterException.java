package org.example.sitegen.markdown;

/** A page's front matter block cannot be parsed; the message is {@code <file>:<line>: <reason>}. */
public class FrontMatterException extends RuntimeException {

    private final String file;
    private final int line;

    public FrontMatterException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
