/**
 * The explicit reverse-mode network core: parameters, initialisers, layers with hand-written
 * backward passes, and the optimiser.
 *
 * <p>Layer convention (every layer here follows it, so layers compose without adapters):
 * <ul>
 *   <li>Activations are 'f'-ordered (column-major) {@code INDArray}s shaped {@code [rows, features]};
 *       a row is one sample (for sequences, row {@code t*B + b}, time-major). Column-major because
 *       ND4J's gemm is fast only into 'f'-ordered outputs.</li>
 *   <li>{@code forward(x, out)} writes into a caller-owned buffer and allocates nothing.</li>
 *   <li>{@code backward(...)} writes the input gradient {@code dX} into a caller-owned buffer
 *       (overwriting it) and <em>accumulates</em> parameter gradients into {@link
 *       org.magpo.nn.Parameters.Param#grad()}, so several losses or time steps add up and the caller
 *       zeroes gradients once per update with {@link org.magpo.nn.Parameters#zeroGrads()}.</li>
 *   <li>Stateless layers (Dense, activations, RMSNorm) take the forward input again in backward
 *       instead of caching it; sequence layers ({@link org.magpo.nn.GruCell}) cache what backward
 *       needs in buffers preallocated for a fixed capacity of rows.</li>
 *   <li>Buffers come from {@link org.magpo.nn.RowBuffer}: one flat allocation per buffer, reused
 *       through cached views, so a training step allocates nothing large in steady state.</li>
 * </ul>
 * FLOAT is the training type; every layer also runs in DOUBLE for finite-difference gradient checks.
 */
package org.magpo.nn;
