package convkit.conv;

import convkit.tensor.Tensor;

/**
 * What {@link Kernel1d} and {@link Kernel2d} share: the weights, the {@link KernelSettings} they
 * slide with and the implementation they compute with, and the setting methods, so 1D and 2D
 * use the same names. Every setting returns a new kernel; the kernel itself never changes.
 *
 * <p>The lecture's three paddings (§6.1) are the documented names: {@link #narrow()} (窄卷积,
 * P = 0, the default), {@link #wide()} (宽卷积, P = F - 1) and {@link #same()} (等宽卷积,
 * P = (F - 1)/2). Other libraries call the first two "valid" and "full".
 *
 * @param <K> the kernel type the settings return (Kernel1d or Kernel2d)
 */
public abstract sealed class SlidingKernel<K extends SlidingKernel<K>> permits Kernel1d, Kernel2d {
    final Tensor weights;
    final KernelSettings settings;
    final Conv2dKernels kernels;
    private final Maker<K> maker;

    /** The kernel type's constructor: K from weights, settings and implementation. */
    interface Maker<K> {
        K make(Tensor weights, KernelSettings settings, Conv2dKernels kernels);
    }

    SlidingKernel(Tensor weights, KernelSettings settings, Conv2dKernels kernels, Maker<K> maker) {
        this.weights = weights;
        this.settings = settings;
        this.kernels = kernels;
        this.maker = maker;
    }

    /** The same weights with other settings or another implementation. */
    final K with(Tensor weights, KernelSettings settings, Conv2dKernels kernels) {
        return maker.make(weights, settings, kernels);
    }

    /** The same kernel moving {@code s} positions per output (S, 步长). */
    public K stride(int s) {
        return with(settings.withStride(s));
    }

    /** Explicit zero padding: {@code p} zeros at both ends of each axis. */
    public K padding(int p) {
        return with(settings.withPadding(Padding.of(p)));
    }

    /** The same kernel with {@code d - 1} inputs skipped between taps: it covers {@code D(F - 1) + 1} inputs. */
    public K dilation(int d) {
        return with(settings.withDilation(d));
    }

    /** 窄卷积 narrow (elsewhere "valid"): P = 0, output M - F + 1 at stride 1. The default. */
    public K narrow() {
        return with(settings.withPadding(Padding.Mode.NARROW));
    }

    /** 宽卷积 wide (elsewhere "full"): P = F - 1, output M + F - 1 at stride 1. */
    public K wide() {
        return with(settings.withPadding(Padding.Mode.WIDE));
    }

    /** 等宽卷积 same: P = (F - 1)/2, output M at stride 1; needs an odd F. */
    public K same() {
        return with(settings.withPadding(Padding.Mode.SAME));
    }

    /** Drop a partial last window instead of rejecting a size that does not divide (see {@link Rounding}). */
    public K floor() {
        return with(settings.withRounding(Rounding.FLOOR));
    }

    /** All of the settings at once, e.g. those of another kernel: {@code k.with(other.settings())}. */
    public K with(KernelSettings s) {
        if (s == null) throw new IllegalArgumentException("settings must not be null; start from KernelSettings.DEFAULT");
        return with(weights, s, kernels);
    }

    /** Compute with a chosen implementation, e.g. {@code Conv2dKernels.reference()}. */
    public K using(Conv2dKernels impl) {
        if (impl == null) throw new IllegalArgumentException("using(impl): impl is null; try Conv2dKernels.reference() or Conv2dKernels.standard()");
        return with(weights, settings, impl);
    }

    /** The stride, padding, dilation and rounding this kernel slides with. */
    public KernelSettings settings() {
        return settings;
    }

    /** The weights (a copy). */
    public Tensor weights() {
        return weights.copy();
    }
}
