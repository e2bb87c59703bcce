package org.magpo.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * All trainable tensors of one network, stored in one flat value buffer {@code [P]} and one flat
 * gradient buffer {@code [P]} so that the optimiser, global-norm clipping, checkpoints and
 * parameter counting work on a single array each. Every named parameter is an 'f'-ordered view into
 * both buffers.
 *
 * <p>Two phases: layers {@link Builder#add register} their parameters on a {@link Builder} and keep
 * the returned {@link Param} handle; {@link Builder#build} allocates the buffers, creates the views
 * and runs the initialisers in registration order (so initialisation is a pure function of the
 * seed). After that {@link Param#value()} and {@link Param#grad()} are valid.
 */
public final class Parameters {

    /** A registered parameter; its views exist once the owning {@link Parameters} is built. */
    public static final class Param {
        private final String name;
        private final long[] shape;
        private final Initializer init;
        private long offset;
        private INDArray value;
        private INDArray grad;

        private Param(String name, long[] shape, Initializer init) {
            this.name = name;
            this.shape = shape.clone();
            this.init = init;
        }

        public String name() {
            return name;
        }

        public long[] shape() {
            return shape.clone();
        }

        /** Number of scalars. */
        public long length() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }

        /** Offset of this parameter in the flat buffers. */
        public long offset() {
            return offset;
        }

        /** The value view ('f' order), shaped as registered. */
        public INDArray value() {
            if (value == null) {
                throw new IllegalStateException("parameter '" + name + "' used before Parameters.Builder.build()");
            }
            return value;
        }

        /** The gradient view ('f' order), shaped as registered; backward passes accumulate into it. */
        public INDArray grad() {
            if (grad == null) {
                throw new IllegalStateException("parameter '" + name + "' used before Parameters.Builder.build()");
            }
            return grad;
        }
    }

    /** Collects parameter declarations before the flat buffers exist. */
    public static final class Builder {
        private final DataType dataType;
        private final Map<String, Param> params = new LinkedHashMap<>();
        private boolean built;

        /** @param dataType FLOAT for training, DOUBLE for gradient checks */
        public Builder(DataType dataType) {
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("Parameters dataType must be FLOAT or DOUBLE, got " + dataType);
            }
            this.dataType = dataType;
        }

        public DataType dataType() {
            return dataType;
        }

        /**
         * Registers a parameter.
         *
         * @param name  unique name, conventionally {@code "layer/weight"}
         * @param shape its shape, e.g. {@code {in, out}}
         * @param init  how to fill it at build time
         */
        public Param add(String name, long[] shape, Initializer init) {
            if (built) {
                throw new IllegalStateException("cannot add parameter '" + name + "' after build()");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("parameter name must be non-empty");
            }
            if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(s -> s < 1)) {
                throw new IllegalArgumentException("parameter '" + name + "' shape must have positive dims, got "
                        + Arrays.toString(shape));
            }
            if (params.containsKey(name)) {
                throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
            }
            Param p = new Param(name, shape, init);
            params.put(name, p);
            return p;
        }

        /** Allocates the flat buffers, makes the views and initialises every parameter from {@code rng}. */
        public Parameters build(Rng rng) {
            if (built) {
                throw new IllegalStateException("Parameters.Builder.build() called twice");
            }
            built = true;
            long total = 0;
            for (Param p : params.values()) {
                p.offset = total;
                total += p.length();
            }
            if (total == 0) {
                throw new IllegalStateException("no parameters registered");
            }
            INDArray values = Nd4j.create(dataType, new long[] {total}, 'f');
            INDArray grads = Nd4j.create(dataType, new long[] {total}, 'f');
            for (Param p : params.values()) {
                p.value = view(values, p);
                p.grad = view(grads, p);
                if (p.init != null) {
                    p.init.init(p.value, rng);
                }
            }
            return new Parameters(dataType, values, grads, new ArrayList<>(params.values()));
        }

        /**
         * Binds the registered parameters to the buffers of {@code source} instead of allocating new ones:
         * the layers built on this builder then read and update the same values and gradients as
         * {@code source}'s (a replica of a network — its own activations and scratch, shared weights — for
         * running a second copy on another thread). Runs no initialiser.
         *
         * @return {@code source}
         * @throws IllegalArgumentException when {@code source} does not hold the same names, shapes and data type
         *                                  in the same order
         */
        public Parameters buildSharing(Parameters source) {
            if (built) {
                throw new IllegalStateException("Parameters.Builder.build() called twice");
            }
            if (source == null || source.dataType != dataType) {
                throw new IllegalArgumentException("shared parameters must be " + dataType + ", got "
                        + (source == null ? "null" : source.dataType));
            }
            if (source.params.size() != params.size()) {
                throw new IllegalArgumentException("shared parameters must hold " + params.size()
                        + " parameters, got " + source.params.size());
            }
            int i = 0;
            for (Param p : params.values()) {
                Param s = source.params.get(i++);
                if (!s.name.equals(p.name) || !Arrays.equals(s.shape, p.shape)) {
                    throw new IllegalArgumentException("shared parameter " + (i - 1) + " must be '" + p.name + "' "
                            + Arrays.toString(p.shape) + ", got '" + s.name + "' " + Arrays.toString(s.shape));
                }
                p.offset = s.offset;
                p.value = s.value;
                p.grad = s.grad;
            }
            built = true;
            return source;
        }

        private static INDArray view(INDArray flat, Param p) {
            INDArray slice = flat.get(NDArrayIndex.interval(p.offset, p.offset + p.length()));
            return p.shape.length == 1 ? slice : slice.reshape('f', p.shape);
        }
    }

    private final DataType dataType;
    private final INDArray values;
    private final INDArray grads;
    private final List<Param> params;
    private final Map<String, Param> byName = new LinkedHashMap<>();

    private Parameters(DataType dataType, INDArray values, INDArray grads, List<Param> params) {
        this.dataType = dataType;
        this.values = values;
        this.grads = grads;
        this.params = Collections.unmodifiableList(params);
        for (Param p : params) {
            byName.put(p.name, p);
        }
    }

    public DataType dataType() {
        return dataType;
    }

    /** Flat values {@code [P]}. */
    public INDArray values() {
        return values;
    }

    /** Flat gradients {@code [P]}. */
    public INDArray grads() {
        return grads;
    }

    /** Total number of scalars P. */
    public long size() {
        return values.length();
    }

    /** Parameters in registration (= buffer) order. */
    public List<Param> list() {
        return params;
    }

    /** Looks a parameter up by name. */
    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; have " + byName.keySet());
        }
        return p;
    }

    /** Sets every gradient to zero (backward passes accumulate). */
    public void zeroGrads() {
        grads.assign(0);
    }
}
