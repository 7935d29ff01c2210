package io.connectexporter.cli;

import java.util.Set;

/**
 * One subcommand of the jar. Every command also takes {@code --config FILE} (required), {@code
 * --cluster NAME} and {@code --help}, handled by {@link Commands}.
 */
public interface Command {

  /** The word on the command line, e.g. {@code status}. */
  String name();

  /** One line for the list of commands. */
  String summary();

  /** The synopsis and options after {@code usage: java -jar kafka-connect-exporter.jar}. */
  String usage();

  /** Options of this command that take a value (beyond {@code --config} and {@code --cluster}). */
  default Set<String> valueOptions() {
    return Set.of();
  }

  /** Options of this command that take no value. */
  default Set<String> flags() {
    return Set.of();
  }

  /** Runs against the selected clusters; returns the exit code ({@link ExitCode}). */
  int run(Invocation invocation) throws UsageException;
}
