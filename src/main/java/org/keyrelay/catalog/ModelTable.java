package org.keyrelay.catalog;

import java.util.ArrayList;
import java.util.List;

/** A catalog as a plain-text table (the CLI and JMX show this): model, context, output, capabilities, keys. */
public final class ModelTable {

    private static final String[] HEADINGS = {"MODEL", "CONTEXT", "OUTPUT", "CAPABILITIES", "KEYS"};

    private ModelTable() {
    }

    public static String render(ModelsReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append(report.provider());
        if (report.api() != null) {
            sb.append("  ").append(report.models().size()).append(" models (").append(report.api())
                    .append(" list of ").append(report.fetchedAt()).append(")");
        }
        sb.append('\n');
        if (report.message() != null) {
            sb.append("  ").append(report.message()).append('\n');
        }
        if (report.models().isEmpty()) {
            return sb.toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (ModelsReport.Model m : report.models()) {
            rows.add(new String[] {m.id(), number(m.context()), number(m.output()),
                    m.capabilities() == null || m.capabilities().isEmpty() ? "-" : String.join(",", m.capabilities()),
                    keys(m)});
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 1 || i == 2;
                String cell = numeric ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(i == row.length - 1 ? 0 : widths[i] - row[i].length());
                line.append(cell).append(i == row.length - 1 ? "" : "  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String number(Integer n) {
        return n == null ? "-" : Integer.toString(n);
    }

    private static String keys(ModelsReport.Model m) {
        List<String> can = m.keys() == null ? List.of() : m.keys();
        List<String> cannot = m.refused() == null ? List.of() : m.refused();
        String text = can.isEmpty() ? "-" : String.join(",", can);
        return cannot.isEmpty() ? text : text + " (not " + String.join(",", cannot) + ")";
    }
}
