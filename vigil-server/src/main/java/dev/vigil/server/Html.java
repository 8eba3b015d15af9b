package dev.vigil.server;

/** Text made safe for HTML: everything the dashboard did not write itself goes through {@link #text}. */
final class Html {

    private Html() {
    }

    /** Escapes {@code & < > " '}: safe in element content and in quoted attribute values. */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
