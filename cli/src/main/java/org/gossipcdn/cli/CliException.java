package org.gossipcdn.cli;

/** A failure the CLI reports in one line, with its exit code (1 failed or not found, 2 usage). */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException failed(String message) {
        return new CliException(1, message);
    }

    static CliException usage(String message) {
        return new CliException(2, message);
    }
}
