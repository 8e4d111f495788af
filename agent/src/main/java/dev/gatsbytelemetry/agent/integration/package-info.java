/**
 * Zero-configuration integrations with CLI frameworks (picocli, Maven). Each names the exact framework
 * methods it observes (class, method, descriptor) and reads the framework's own objects by reflection,
 * never linking against framework types, so it works in any class loader (a ClassWorlds realm, a fat
 * jar) and with any version that keeps those methods. Every call is guarded: a framework that changed
 * shape costs telemetry detail, never the host.
 */
package dev.gatsbytelemetry.agent.integration;
