package io.streamkit.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * A rule's condition over its series, as the seed's rule form writes it: {@code {0} > 1e10 or {1} >
 * 1e5}. Series are referred to by position ({@code {0}}) or by name ({@code {sdk_log}}); arithmetic
 * ({@code + - * / %}), comparisons ({@code > >= < <= == !=}), {@code and}, {@code or}, {@code not},
 * parentheses and {@code abs(x)}. Values are doubles; a comparison is 1 or 0; a series without data
 * in its window is NaN, and any comparison with NaN is false, so a missing series never fires a
 * rule by itself.
 */
public final class Formula {
  private final String text;
  private final Node root;

  private Formula(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * @param seriesNames the names of the rule's series, in order (null entries for unnamed ones)
   * @throws IllegalArgumentException naming the position and what was expected
   */
  public static Formula parse(String text, List<String> seriesNames) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the formula is empty");
    }
    Parser p = new Parser(text, seriesNames);
    Node root = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.substring(p.pos) + "'");
    }
    return new Formula(text, root);
  }

  /** Whether the formula holds for these series values. */
  public boolean holds(double[] values) {
    double v = root.eval(values);
    return !Double.isNaN(v) && v != 0;
  }

  /** The formula's value (1 or 0 for a comparison). */
  public double value(double[] values) {
    return root.eval(values);
  }

  @Override
  public String toString() {
    return text;
  }

  private interface Node {
    double eval(double[] values);
  }

  private static double bool(boolean b) {
    return b ? 1 : 0;
  }

  private static boolean truth(double v) {
    return !Double.isNaN(v) && v != 0;
  }

  private static final class Parser {
    private final String text;
    private final List<String> names;
    private int pos;

    Parser(String text, List<String> names) {
      this.text = text;
      this.names = names;
    }

    Node or() {
      Node left = and();
      while (keyword("or")) {
        Node l = left;
        Node r = and();
        left = v -> bool(truth(l.eval(v)) || truth(r.eval(v)));
      }
      return left;
    }

    Node and() {
      Node left = not();
      while (keyword("and")) {
        Node l = left;
        Node r = not();
        left = v -> bool(truth(l.eval(v)) && truth(r.eval(v)));
      }
      return left;
    }

    Node not() {
      if (keyword("not")) {
        Node inner = not();
        return v -> bool(!truth(inner.eval(v)));
      }
      return comparison();
    }

    Node comparison() {
      Node left = sum();
      skipSpace();
      for (String op : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
        if (text.startsWith(op, pos)) {
          pos += op.length();
          Node r = sum();
          Node l = left;
          return switch (op) {
            case ">=" -> v -> bool(l.eval(v) >= r.eval(v));
            case "<=" -> v -> bool(l.eval(v) <= r.eval(v));
            case "==" -> v -> bool(l.eval(v) == r.eval(v));
            case "!=" -> v -> bool(l.eval(v) != r.eval(v));
            case ">" -> v -> bool(l.eval(v) > r.eval(v));
            default -> v -> bool(l.eval(v) < r.eval(v));
          };
        }
      }
      return left;
    }

    Node sum() {
      Node left = product();
      while (true) {
        skipSpace();
        char c = peek();
        if (c != '+' && c != '-') {
          return left;
        }
        pos++;
        left = binary(left, product(), c == '+' ? Double::sum : (a, b) -> a - b);
      }
    }

    Node product() {
      Node left = unary();
      while (true) {
        skipSpace();
        char c = peek();
        if (c != '*' && c != '/' && c != '%') {
          return left;
        }
        pos++;
        DoubleBinaryOperator op =
            c == '*' ? (a, b) -> a * b : c == '/' ? (a, b) -> a / b : (a, b) -> a % b;
        left = binary(left, unary(), op);
      }
    }

    Node unary() {
      skipSpace();
      if (peek() == '-') {
        pos++;
        Node inner = unary();
        return v -> -inner.eval(v);
      }
      return primary();
    }

    Node primary() {
      skipSpace();
      char c = peek();
      if (c == '(') {
        pos++;
        Node inner = or();
        expect(')');
        return inner;
      }
      if (c == '{') {
        return series();
      }
      if (Character.isDigit(c) || c == '.') {
        return number();
      }
      if (keyword("abs")) {
        expect('(');
        Node inner = or();
        expect(')');
        return v -> Math.abs(inner.eval(v));
      }
      throw error(
          pos >= text.length()
              ? "the formula ends where a value was expected"
              : "expected a number, a series such as {0}, '(' or 'not'");
    }

    private Node series() {
      int start = pos++;
      int close = text.indexOf('}', pos);
      if (close < 0) {
        throw error("'{' without '}'");
      }
      String ref = text.substring(pos, close).trim();
      pos = close + 1;
      int index;
      if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
        index = Integer.parseInt(ref);
      } else {
        index = names.indexOf(ref);
      }
      if (index < 0 || index >= names.size()) {
        pos = start;
        List<String> known = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
          known.add("{" + i + "}" + (names.get(i) == null ? "" : " or {" + names.get(i) + "}"));
        }
        throw error("{" + ref + "} is not a series of this rule (series: " + known + ")");
      }
      int i = index;
      return v -> v[i];
    }

    private Node number() {
      int start = pos;
      while (pos < text.length()
          && (Character.isDigit(peek())
              || peek() == '.'
              || peek() == 'e'
              || peek() == 'E'
              || ((peek() == '+' || peek() == '-')
                  && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')))) {
        pos++;
      }
      String literal = text.substring(start, pos).replace("_", "");
      try {
        double value = Double.parseDouble(literal);
        return v -> value;
      } catch (NumberFormatException e) {
        pos = start;
        throw error("'" + literal + "' is not a number");
      }
    }

    private static Node binary(Node l, Node r, DoubleBinaryOperator op) {
      return v -> op.applyAsDouble(l.eval(v), r.eval(v));
    }

    private boolean keyword(String word) {
      skipSpace();
      int end = pos + word.length();
      if (text.regionMatches(true, pos, word, 0, word.length())
          && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
        pos = end;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      skipSpace();
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          what + " at column " + (pos + 1) + " of \"" + text + "\"");
    }
  }
}
