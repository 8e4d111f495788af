package org.example.sitegen.scaffold;

/** The target directory cannot hold a new site. */
public class ScaffoldException extends RuntimeException {

    public ScaffoldException(String message) {
        super(message);
    }
}
