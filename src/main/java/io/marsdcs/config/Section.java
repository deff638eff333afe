package io.marsdcs.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML mapping being read: remembers which keys were asked for, so that whatever is left
 * is reported as unknown (with the closest known key), and where each key is for error messages.
 */
final class Section {
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final List<String> known = new ArrayList<>();
    private final Problems problems;

    Section(String path, Node node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.error(t.getKeyNode(), path, "keys must be plain words");
                    continue;
                }
                NodeTuple earlier = entries.putIfAbsent(k.getValue(), t);
                if (earlier != null) {
                    problems.error(t.getKeyNode(), key(k.getValue()), "given twice (first at line "
                            + Problems.line(earlier.getKeyNode()) + ")");
                }
            }
        } else if (node != null) {
            problems.error(node, path, "must be a mapping of keys to values");
        }
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    Optional<Node> get(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    Node node() {
        return node;
    }

    int line() {
        return node == null ? 0 : Problems.line(node);
    }

    /** Reports keys nobody asked for. Call after every {@link #get}. */
    void rejectUnknown() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (known.contains(e.getKey())) continue;
            String hint = closest(e.getKey()).map(k -> "; did you mean '" + k + "'?").orElse("");
            problems.error(e.getValue().getKeyNode(), key(e.getKey()), "unknown key" + hint
                    + " (known here: " + String.join(", ", known) + ")");
        }
    }

    private Optional<String> closest(String word) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word.toLowerCase(), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, word.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
