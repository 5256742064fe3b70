package io.uwsgid.metrics;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * One family of per-site series as Prometheus' text format shows it: HELP and TYPE once, then
 * each site's lines. Names and fixed labels are encoded once, here, not on every scrape.
 */
final class Family {
    /** How one site's lines of this family are written. */
    interface Lines {
        void write(PromText out, SiteMeters site) throws IOException;
    }

    /** The three series of a histogram. */
    record Names(byte[] bucket, byte[] count, byte[] sum) {}

    private final byte[] help, type;
    private final Lines lines;

    private Family(String name, String type, String help, Lines lines) {
        this.help = PromText.utf8("# HELP " + name + " " + help + "\n");
        this.type = PromText.utf8("# TYPE " + name + " " + type + "\n");
        this.lines = lines;
    }

    void write(PromText out, Iterable<SiteMeters> sites) throws IOException {
        out.family(help, type);
        for (SiteMeters s : sites) {
            lines.write(out, s);
        }
    }

    static Family gauge(String name, String help, ToDoubleFunction<SiteMeters> value) {
        byte[] n = PromText.utf8(name);
        return new Family(name, "gauge", help, (out, s) -> out.sample(n, s.label(), null, value.applyAsDouble(s)));
    }

    static Family counter(String name, String help, ToDoubleFunction<SiteMeters> value) {
        byte[] n = PromText.utf8(name);
        return new Family(name, "counter", help, (out, s) -> out.sample(n, s.label(), null, value.applyAsDouble(s)));
    }

    /**
     * One series per value of {@code key}, in the order given (labels sorted by name, as
     * Micrometer wrote them: a key sorting before "site" comes first).
     */
    static Family tagged(String name, String type, String help, String key, List<String> values,
                         ToDoubleBiFunction<SiteMeters, String> value) {
        byte[] n = PromText.utf8(name);
        boolean before = key.compareTo(MetricNames.SITE) < 0;
        byte[][] labels = values.stream().map(v -> PromText.utf8(before ? key + "=\"" + v + "\"," : "," + key + "=\"" + v + "\""))
                .toArray(byte[][]::new);
        return new Family(name, type, help, (out, s) -> {
            for (int i = 0; i < labels.length; i++) {
                double v = value.applyAsDouble(s, values.get(i));
                if (before) {
                    out.sample(n, labels[i], s.label(), v);
                } else {
                    out.sample(n, s.label(), labels[i], v);
                }
            }
        });
    }

    static Family histogram(String name, String help, Function<SiteMeters, Histogram> of) {
        Names n = new Names(PromText.utf8(name + "_bucket"), PromText.utf8(name + "_count"), PromText.utf8(name + "_sum"));
        return new Family(name, "histogram", help, (out, s) -> of.apply(s).write(out, n, s.label()));
    }

    /** Micrometer's companion of a timer: the longest time recorded in the last two minutes. */
    static Family histogramMax(String name, String help, Function<SiteMeters, Histogram> of) {
        return gauge(name + "_max", help, s -> of.apply(s).maxSeconds());
    }
}
