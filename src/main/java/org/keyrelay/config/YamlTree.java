package org.keyrelay.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML node with its place in the file and its setting path ({@code providers[1].strategy}), so every
 * error can name the file, the line and the setting.
 */
record YamlTree(String file, String path, Node node, Node nameNode) {

    YamlTree(String file, String path, Node node) {
        this(file, path, node, null);
    }

    KeyringException error(String problem) {
        return at(node, problem);
    }

    /** An error about the setting's name (unknown, misspelled): reported on the name's own line. */
    KeyringException nameError(String problem) {
        return at(nameNode != null ? nameNode : node, problem);
    }

    private KeyringException at(Node where, String problem) {
        int line = where.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        return new KeyringException(file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    Map<String, YamlTree> mapping() {
        if (!(node instanceof MappingNode map)) {
            throw error("expected a mapping of settings");
        }
        Map<String, YamlTree> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlTree(file, path, t.getKeyNode()).error("expected a setting name");
            }
            String name = key.getValue();
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (out.put(name, new YamlTree(file, childPath, t.getValueNode(), t.getKeyNode())) != null) {
                throw new YamlTree(file, childPath, t.getKeyNode()).error("set twice");
            }
        }
        return out;
    }

    List<YamlTree> sequence() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list");
        }
        List<Node> items = seq.getValue();
        return java.util.stream.IntStream.range(0, items.size())
                .mapToObj(i -> new YamlTree(file, path + "[" + i + "]", items.get(i)))
                .toList();
    }

    String scalar() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    /** Whether this is the single value {@code word} (any case, surrounding spaces ignored). */
    boolean is(String word) {
        return node instanceof ScalarNode s && s.getValue().strip().equalsIgnoreCase(word);
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isNull() {
        return node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("~")
                || s.getValue().equals("null"));
    }

    int integer(int min) {
        String value = scalar();
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min) {
                throw error("'" + value + "' must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error("'" + value + "' is not a whole number");
        }
    }
}
