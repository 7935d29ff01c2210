package io.connectexporter.model;

/** One task as the Connect REST API reports it. {@code trace} is null unless the task FAILED. */
public record TaskView(int id, String state, String workerId, String trace) {}
