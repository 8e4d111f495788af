/**
 * Facts about the machine the tool runs on: operating system, CPU, Java runtime, CI vendor and
 * whether the process runs in a container.
 *
 * <p>Everything here is plain JDK and cheap: it reads a handful of environment variables, system
 * property values and small files under {@code /proc}, and never spawns a process, resolves a host
 * name or touches the network. Every input (environment map, file-system root, property values,
 * TTY flag) is a parameter so tests are hermetic; {@code detect()} / {@code fromSystem()} factories
 * read the real JVM. No method throws: unreadable inputs degrade to "unknown".
 */
package dev.gatsbytelemetry.agent.environment;
