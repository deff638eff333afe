package io.marsdcs.config;

/** One problem in a configuration file, located precisely enough to fix without searching. */
public record ConfigError(String file, int line, String key, String message, boolean warning) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + (warning ? "warning: " : "") + key + ": " + message;
    }
}
