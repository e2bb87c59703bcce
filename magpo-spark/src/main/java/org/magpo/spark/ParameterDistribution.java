package org.magpo.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.List;
import org.magpo.nn.Rng;

/**
 * A distribution that a random hyperparameter search draws one value from per sample. Values are
 * JSON nodes because they replace fields of a config's JSON form ({@code MagpoConfig.toJson()}).
 */
public sealed interface ParameterDistribution {

    /** One draw; consumes a fixed number of values from {@code rng} so that draws are reproducible. */
    JsonNode sample(Rng rng);

    /** Uniform real in {@code [low, high)}. */
    record Uniform(double low, double high) implements ParameterDistribution {
        public Uniform {
            if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
                throw new IllegalArgumentException("uniform: low and high must be finite with low < high, got ["
                        + low + ", " + high + "]");
            }
        }

        @Override
        public JsonNode sample(Rng rng) {
            return DoubleNode.valueOf(low + (high - low) * rng.nextDouble());
        }
    }

    /** Log-uniform real in {@code [low, high)}, for scale parameters such as learning rates. */
    record LogUniform(double low, double high) implements ParameterDistribution {
        public LogUniform {
            if (!(low > 0) || !Double.isFinite(high) || !(low < high)) {
                throw new IllegalArgumentException("loguniform: low and high must be finite with 0 < low < high, got ["
                        + low + ", " + high + "]");
            }
        }

        @Override
        public JsonNode sample(Rng rng) {
            double l = Math.log(low);
            double h = Math.log(high);
            return DoubleNode.valueOf(Math.exp(l + (h - l) * rng.nextDouble()));
        }
    }

    /** Uniform integer in {@code [low, high]} (both inclusive). */
    record IntUniform(long low, long high) implements ParameterDistribution {
        public IntUniform {
            if (low > high || high - low >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("int: need low <= high and a range below 2^31, got ["
                        + low + ", " + high + "]");
            }
        }

        @Override
        public JsonNode sample(Rng rng) {
            return LongNode.valueOf(low + rng.nextInt((int) (high - low + 1)));
        }
    }

    /** One of a list of values, each equally likely. */
    record Choice(List<JsonNode> values) implements ParameterDistribution {
        public Choice {
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("choice: values must be a non-empty list");
            }
            values = List.copyOf(values);
        }

        @Override
        public JsonNode sample(Rng rng) {
            return values.get(rng.nextInt(values.size()));
        }
    }
}
