package convkit.nn;

import convkit.tensor.Tensor;

/**
 * How {@link Sequential} runs its built-in layers without allocating in the training loop
 * (package-private: the public {@link Layer} methods always return new tensors the caller may keep).
 *
 * <p>The contract: with {@code reuse}, the returned tensor may be a buffer the layer owns and
 * overwrites on its next call of the same kind (forward or backward). Sequential only asks for
 * that for intermediate results, which nobody but the next layer ever sees; the output of its last
 * layer and the input gradient it returns are always new tensors.
 */
interface Reusing {

    /** {@link Layer#forward}, into an owned buffer when {@code reuse}. */
    Tensor forward(Tensor x, boolean reuse);

    /**
     * {@link Layer#backward}, into an owned buffer when {@code reuse}.
     *
     * @param dOutOwned     dOut belongs to the network (another layer's buffer), so it may be overwritten
     * @param inputGradient false when nobody needs dL/dIn (the first layer in training): only the
     *                      parameter gradients are computed and null is returned
     */
    Tensor backward(Tensor dOut, boolean reuse, boolean dOutOwned, boolean inputGradient);
}
