/**
 * Whether a word the user typed may be reported as the command: the tool's own class files are read
 * (bounded, off the application's threads) to learn whether the word is one of the tool's string
 * constants. A command such as {@code build} is written in the tool's code; a token, a file name or
 * a target the user typed is not.
 */
package dev.gatsbytelemetry.agent.command;
