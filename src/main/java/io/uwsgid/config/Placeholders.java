package io.uwsgid.config;

/**
 * {@code %(name)} lookups. A name with spaces is a small pipeline: values are concatenated, and
 * {@code + - * /} apply 64-bit integer arithmetic to the running result; {@code ++} and {@code --}
 * step it. Division by zero gives 0.
 */
final class Placeholders {

    private enum Op { CONCAT, SUM, SUB, MUL, DIV }

    private Placeholders() {
    }

    static String resolve(String name, Engine engine) {
        if (name.indexOf(' ') < 0) {
            return engine.firstValue(name);
        }
        Op op = Op.CONCAT;
        String current = null;
        for (String token : Logic.tokens(name)) {
            String value;
            if (Numbers.isNumber(token)) {
                value = token;
            } else if (token.equals("+") || token.equals("-") || token.equals("*") || token.equals("/")) {
                op = switch (token) {
                    case "+" -> Op.SUM;
                    case "-" -> Op.SUB;
                    case "*" -> Op.MUL;
                    default -> Op.DIV;
                };
                continue;
            } else if (token.equals("++") || token.equals("--")) {
                if (current != null) {
                    current = Long.toString(Numbers.strtoll(current) + (token.equals("++") ? 1 : -1));
                }
                op = Op.CONCAT;
                continue;
            } else {
                String found = engine.firstValue(token);
                value = found == null ? "" : found;
            }
            current = apply(op, current, value);
            op = Op.CONCAT;
        }
        return current;
    }

    private static String apply(Op op, String current, String value) {
        if (op == Op.CONCAT) {
            return (current == null ? "" : current) + value;
        }
        long a = current == null ? 0 : Numbers.strtoll(current);
        long b = Numbers.strtoll(value);
        long result = switch (op) {
            case SUM -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            default -> b == 0 ? 0 : a / b;
        };
        return Long.toString(result);
    }
}
