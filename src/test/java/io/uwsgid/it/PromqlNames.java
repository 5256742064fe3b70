package io.uwsgid.it;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query with $variables) reads: identifiers
 * that stand as a selector (bare, or followed by {@code {} or {@code [}) and names in
 * {@code __name__="..."}; not functions or aggregations (followed by {@code (}), keywords, label
 * names in matchers or in by/without/on/ignoring/group_left/group_right, strings, numbers,
 * durations or Grafana variables. Keywords are matched without regard to case, as PromQL does.
 */
final class PromqlNames {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "inf", "nan", "atan2");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("[0-9.][0-9a-zA-Z_.+-]*|[a-zA-Z_:][a-zA-Z0-9_:]*|\\S");
    /** Grafana's template query label_values(SELECTOR, LABEL): the last argument is a label. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);

    private PromqlNames() {}

    static Set<String> of(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        String e = lv.matches() ? lv.group(1) : expr;
        Matcher nm = NAME_MATCHER.matcher(e);
        while (nm.find()) {
            names.add(nm.group(1));
        }
        e = STRING.matcher(e).replaceAll(" ");
        e = COMMENT.matcher(e).replaceAll(" ");
        e = VARIABLE.matcher(e).replaceAll(" ");
        e = BRACES.matcher(e).replaceAll(" {} ");
        e = BRACKETS.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Matcher t = TOKEN.matcher(e);
        while (t.find()) {
            String tok = t.group();
            if (Character.isLetter(tok.charAt(0)) || tok.charAt(0) == '_' || tok.charAt(0) == ':') {
                if (!KEYWORDS.contains(tok.toLowerCase(Locale.ROOT)) && !calledAt(e, t.end())) {
                    names.add(tok);
                }
            }
        }
        return names;
    }

    private static boolean calledAt(String e, int i) {
        while (i < e.length() && Character.isWhitespace(e.charAt(i))) {
            i++;
        }
        return i < e.length() && e.charAt(i) == '(';
    }
}
