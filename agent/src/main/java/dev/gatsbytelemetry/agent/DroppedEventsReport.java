package dev.gatsbytelemetry.agent;

import dev.gatsbytelemetry.agent.sender.CollectorSink;
import java.util.function.LongSupplier;

/** The metadata event's {@code droppedEvents}: what the spool lost since the last run reported it. */
final class DroppedEventsReport implements LongSupplier {

    private final CollectorSink collector;

    DroppedEventsReport(CollectorSink collector) {
        this.collector = collector;
    }

    @Override
    public long getAsLong() {
        return collector == null ? 0 : collector.takeDroppedEventsReport();
    }
}
