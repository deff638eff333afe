package io.marsdcs.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every error and warning of one file, so the administrator fixes them in one pass. */
final class Problems {
    private final String file;
    private final List<ConfigError> all = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    static int line(Node n) {
        return n == null ? 1 : n.getStartMark().getLine() + 1;   // an absent section: point at the top of the file
    }

    void error(Node at, String key, String message) {
        all.add(new ConfigError(file, line(at), key, message, false));
    }

    void error(int line, String key, String message) {
        all.add(new ConfigError(file, line, key, message, false));
    }

    void warning(Node at, String key, String message) {
        all.add(new ConfigError(file, line(at), key, message, true));
    }

    boolean hasErrors() {
        return all.stream().anyMatch(e -> !e.warning());
    }

    List<ConfigError> all() {
        return all;
    }
}
