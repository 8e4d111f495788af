package dev.gatsbytelemetry.collector.storage;

/** The read side of storage: answers one {@link Question} under {@link Filters}. */
public interface QueryStore {

    Table answer(Question question, Filters filters) throws StorageException;
}
