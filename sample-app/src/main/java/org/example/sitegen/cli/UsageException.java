package org.example.sitegen.cli;

/** The command line is wrong (unknown command or option, bad value). */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
