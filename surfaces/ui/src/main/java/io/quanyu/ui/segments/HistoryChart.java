package io.quanyu.ui.segments;

import io.quanyu.segments.SegmentIndex;

import java.util.List;
import java.util.Locale;

/**
 * A segment's entries and exits per day as an inline SVG bar chart, drawn here because the free Vaadin components have
 * no chart: per day a group carrying its numbers as {@code data-day}, {@code data-entered} and {@code data-exited}
 * (what a browser test reads) with an entered and an exited bar on one scale up to the largest value; the largest
 * value at the side, the first and last day below. Only numbers and ISO dates go into the markup, so nothing needs
 * escaping.
 */
final class HistoryChart {
    /** The bars' colours, also the legend's. */
    static final String ENTERED = "var(--lumo-primary-color, #1676f3)";
    static final String EXITED = "var(--lumo-error-color, #e5484d)";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 180;
    private static final int LEFT = 40;
    private static final int RIGHT = 8;
    private static final int TOP = 8;
    private static final int BOTTOM = 22;
    /** The height of the tallest bar. */
    static final int PLOT = HEIGHT - TOP - BOTTOM;

    private HistoryChart() {
    }

    static String svg(List<SegmentIndex.Day> days) {
        long max = days.stream().mapToLong(d -> Math.max(d.entered(), d.exited())).max().orElse(0);
        double slot = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, days.size());
        double bar = slot * 0.4;
        int base = TOP + PLOT;
        StringBuilder svg = new StringBuilder(256 + 220 * days.size());
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"segment-history\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"100%\" role=\"img\">");
        for (int i = 0; i < days.size(); i++) {
            SegmentIndex.Day d = days.get(i);
            double x = LEFT + i * slot + slot * 0.1;
            svg.append("<g class=\"segment-history-day\" data-day=\"").append(d.day())
                    .append("\" data-entered=\"").append(d.entered())
                    .append("\" data-exited=\"").append(d.exited()).append("\"><title>").append(d.day())
                    .append(": +").append(d.entered()).append(" / -").append(d.exited()).append("</title>");
            rect(svg, "entered", ENTERED, x, bar, height(d.entered(), max), base);
            rect(svg, "exited", EXITED, x + bar, bar, height(d.exited(), max), base);
            svg.append("</g>");
        }
        svg.append("<g fill=\"currentColor\" fill-opacity=\"0.7\" font-size=\"11\">")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(base).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(base)
                .append("\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>");
        text(svg, "segment-history-max", LEFT - 6, TOP + 8, "end", String.valueOf(max));
        text(svg, "segment-history-zero", LEFT - 6, base, "end", "0");
        if (!days.isEmpty()) {
            text(svg, "segment-history-first", LEFT, HEIGHT - 4, "start", days.getFirst().day().toString());
            text(svg, "segment-history-last", WIDTH - RIGHT, HEIGHT - 4, "end", days.getLast().day().toString());
        }
        return svg.append("</g></svg>").toString();
    }

    /** A bar's height: {@code value} on the scale up to {@code max} (an all-zero history has no bars, not a fault). */
    private static double height(long value, long max) {
        return max == 0 ? 0 : (double) value * PLOT / max;
    }

    private static void rect(StringBuilder svg, String kind, String colour, double x, double width, double height,
                             int base) {
        svg.append("<rect class=\"").append(kind).append("\" x=\"").append(number(x)).append("\" y=\"")
                .append(number(base - height)).append("\" width=\"").append(number(width)).append("\" height=\"")
                .append(number(height)).append("\" style=\"fill: ").append(colour).append("\"/>");
    }

    private static void text(StringBuilder svg, String kind, int x, int y, String anchor, String text) {
        svg.append("<text class=\"").append(kind).append("\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" text-anchor=\"").append(anchor).append("\">").append(text).append("</text>");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
