package dev.gatsbytelemetry.agent.sender;

/**
 * Finishes events that an earlier run recorded at exit but could not complete: supplies the
 * identity members (machine, component, repository, environment) that go between a record's first
 * and last members. Implemented by the recorder, which knows this process's identity.
 */
public interface PendingCompleter {

    /**
     * @param key the key the recording process wrote: its tool and place, hashed
     * @return JSON object members without braces, or null when this process is not the tool that
     *         recorded it (then another run of that tool completes it)
     */
    String identityMembers(String key);
}
