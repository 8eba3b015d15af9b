package dev.vigil.cli;

import java.io.PrintWriter;
import java.util.List;

/** Rows printed as left-aligned columns two spaces apart, each as wide as its widest cell; the last is not padded. */
final class Table {

    private Table() {
    }

    static void print(List<String[]> rows, PrintWriter out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
