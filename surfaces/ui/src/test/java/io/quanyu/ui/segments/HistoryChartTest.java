package io.quanyu.ui.segments;

import io.quanyu.segments.SegmentIndex.Day;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The history chart's markup, read back as XML: what a browser test reads of it, and the bars' scale. */
class HistoryChartTest {
    private static final LocalDate FIRST = LocalDate.of(2026, 3, 1);

    @Test
    void eachDayIsAGroupWithItsNumbersAndBarsOnOneScaleUpToTheLargest() throws Exception {
        Element svg = parse(HistoryChart.svg(List.of(new Day(FIRST, 3, 1), new Day(FIRST.plusDays(1), 6, 0),
                new Day(FIRST.plusDays(2), 0, 2))));

        assertThat(svg.getAttribute("class")).isEqualTo("segment-history");
        List<Element> days = elements(svg, "g", "segment-history-day");
        assertThat(days).extracting(g -> g.getAttribute("data-day"))
                .containsExactly("2026-03-01", "2026-03-02", "2026-03-03");
        assertThat(days).extracting(g -> g.getAttribute("data-entered")).containsExactly("3", "6", "0");
        assertThat(days).extracting(g -> g.getAttribute("data-exited")).containsExactly("1", "0", "2");
        assertThat(days).extracting(g -> height(g, "entered"))
                .satisfiesExactly(h -> assertThat(h).isCloseTo(HistoryChart.PLOT / 2.0, within(0.01)),
                        h -> assertThat(h).isCloseTo(HistoryChart.PLOT, within(0.01)),
                        h -> assertThat(h).isZero());
        assertThat(days).extracting(g -> height(g, "exited"))
                .satisfiesExactly(h -> assertThat(h).isCloseTo(HistoryChart.PLOT / 6.0, within(0.01)),
                        h -> assertThat(h).isZero(),
                        h -> assertThat(h).isCloseTo(HistoryChart.PLOT / 3.0, within(0.01)));
        assertThat(text(svg, "segment-history-max")).isEqualTo("6");
        assertThat(text(svg, "segment-history-first")).isEqualTo("2026-03-01");
        assertThat(text(svg, "segment-history-last")).isEqualTo("2026-03-03");
    }

    @Test
    void aHistoryOfNothingHasFlatBarsAndZeroAtTheTop() throws Exception {
        Element svg = parse(HistoryChart.svg(List.of(new Day(FIRST, 0, 0), new Day(FIRST.plusDays(1), 0, 0))));

        List<Element> bars = elements(svg, "rect", null);
        assertThat(bars).hasSize(4).allSatisfy(bar -> {
            assertThat(Double.parseDouble(bar.getAttribute("height"))).isZero();
            assertThat(Double.parseDouble(bar.getAttribute("y"))).isFinite();
        });
        assertThat(text(svg, "segment-history-max")).isEqualTo("0");
    }

    private static Element parse(String svg) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }

    /** The elements of a tag under {@code root}, those of {@code kind} (a class) only unless it is null. */
    private static List<Element> elements(Element root, String tag, String kind) {
        NodeList nodes = root.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (kind == null || kind.equals(e.getAttribute("class"))) {
                found.add(e);
            }
        }
        return found;
    }

    private static double height(Element day, String bar) {
        return Double.parseDouble(elements(day, "rect", bar).getFirst().getAttribute("height"));
    }

    private static String text(Element svg, String kind) {
        return elements(svg, "text", kind).getFirst().getTextContent();
    }
}
