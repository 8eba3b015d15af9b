package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Sample;
import java.util.List;

/** What a query evaluates to. */
public sealed interface Value {

    ValueType type();

    record Scalar(double value) implements Value {
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    record Str(String value) implements Value {
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** An instant vector: one value per series. */
    record Vector(List<Element> elements) implements Value {
        public Vector {
            elements = List.copyOf(elements);
        }

        public ValueType type() {
            return ValueType.VECTOR;
        }
    }

    record Element(Labels labels, double value) {
    }

    /** A range vector: points per series, oldest first. */
    record Matrix(List<RangeSeries> series) implements Value {
        public Matrix {
            series = List.copyOf(series);
        }

        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    record RangeSeries(Labels labels, List<Sample> points) {
        public RangeSeries {
            points = List.copyOf(points);
        }
    }
}
