package org.keyrelay.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Prometheus text scrape, read the way a test asks about it: one series by name and some of its labels. */
public final class PrometheusText {

    /** One sample line: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final String text;
    private final List<Sample> samples = new ArrayList<>();

    public PrometheusText(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(parse(line));
        }
    }

    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples named {@code name} whose labels include {@code labels} ("key", "a", "outcome", "success"...). */
    public List<Sample> find(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && hasLabels(s, labels)) {
                found.add(s);
            }
        }
        return found;
    }

    /** The value of the one series that matches; fails when none or several do. */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one series " + name + " " + String.join(",", labels) + ", found "
                    + found.size() + ": " + found);
        }
        return found.get(0).value();
    }

    private static boolean hasLabels(Sample s, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            String body = line.substring(brace + 1, line.lastIndexOf('}'));
            int i = 0;
            while (i < body.length()) {
                int eq = body.indexOf('=', i);
                int start = eq + 2;
                StringBuilder value = new StringBuilder();
                int j = start;
                while (body.charAt(j) != '"') {
                    if (body.charAt(j) == '\\') {
                        j++;
                    }
                    value.append(body.charAt(j));
                    j++;
                }
                labels.put(body.substring(i, eq).strip(), value.toString());
                i = j + 1;
                if (i < body.length() && body.charAt(i) == ',') {
                    i++;
                }
            }
        } else {
            name = line.substring(0, line.indexOf(' '));
        }
        String value = line.substring(space + 1);
        return new Sample(name, labels, value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
    }
}
