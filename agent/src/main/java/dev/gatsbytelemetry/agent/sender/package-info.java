/**
 * Delivery of telemetry events: an in-memory queue, a bounded crash-safe disk spool shared by every
 * process of the same user, and an HTTP client with strict deadlines. Entry point:
 * {@link dev.gatsbytelemetry.agent.sender.EventSender}. Plain JDK only.
 */
package dev.gatsbytelemetry.agent.sender;
