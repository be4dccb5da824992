package convkit.nn;

import convkit.exec.Exec;
import convkit.tensor.Shape;
import convkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The training path of a {@link Sequential} on the fast kernels with more than one thread: the
 * batch is cut into parts, each part runs forward and backward through its own copy of the layers
 * on one thread, and the parameter gradients are then computed for the whole batch as before.
 *
 * <p>Why: a LeNet-5 step made of layer calls that each share out their work (about twenty calls of
 * 20-500 us) pays a hand-over and a tail wait per call and leaves the pieces between the calls
 * (small activations, bias sums) on one thread; two threads ran 1.4x one thread. Here the forward
 * is one shared call, the backward one call for the input gradients of every layer plus one per
 * parameter layer for its weight gradient.
 *
 * <p>The bits are those of the layer-by-layer path, whatever the number of parts or threads: every
 * example's activations and input gradients are computed by the same per-example arithmetic, and
 * each weight gradient is computed once, for the whole batch, by the layer's own kernel (from the
 * parts' inputs and output gradients gathered into whole-batch tensors). So this is purely a way of
 * scheduling the work. It is off unless {@code -Dconvkit.dataparallel=true}: on the shared 2-core
 * machine of issue 19 it measured the same as the layer calls (LeNet-5, 2 threads, epochs 2 and 3),
 * the whole-batch weight gradients of the conv layers being the larger part of what is left;
 * computing each group's partial sum inside its part (the groups of FastConv2d, same bits) is the
 * next step.
 *
 * <p>A part's copy of a layer shares the layer's parameters and has its own cache and buffers.
 */
final class DataParallel {
    /** Parts per thread (eight parts of 8 for a batch of 64 on two threads): a helper that loses its core holds back a small share. */
    static final int PARTS_PER_THREAD = 4;
    /** A batch is cut only into parts of at least this many examples. */
    static final int MIN_PART = 8;

    private final List<Layer> layers;
    private final Exec exec;
    private final Backend backend;
    private final List<Part> parts = new ArrayList<>();
    /** Per layer with parameters: the whole batch's input and output gradient, gathered from the parts. */
    private final Workspace[] inputs, dOuts;
    /** The last forward's part boundaries (parts + 1 of them) and input, or null: backward then cannot take this path. */
    private int[] bounds;
    private Tensor input;
    private Shape outShape;

    private DataParallel(List<Layer> layers, Backend backend) {
        this.layers = layers;
        this.exec = backend.exec();
        this.backend = backend;
        this.inputs = new Workspace[layers.size()];
        this.dOuts = new Workspace[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            inputs[i] = new Workspace();
            dOuts[i] = new Workspace();
        }
    }

    /**
     * The data-parallel path for these layers on this backend, or null when it does not apply:
     * one thread, kernels other than {@link Backend#standard}'s, or a layer it cannot copy (dropout
     * with its random masks, custom and nested layers).
     */
    static DataParallel of(List<Layer> layers, Backend backend) {
        if (backend == null || backend.threads() < 2 || backend.forOnePart().isEmpty()) return null;
        for (Layer l : layers) {
            boolean copyable = l instanceof Conv2d || l instanceof Dense || l instanceof Pool2dLayer || l instanceof ReLU
                    || l instanceof Sigmoid || l instanceof Tanh || l instanceof Flatten;
            if (!copyable || l.config().isEmpty()) return null;
        }
        return new DataParallel(layers, backend);
    }

    /** How many parts a batch of {@code n} is cut into; 1 (not this path) below {@code 2 * MIN_PART}. */
    int parts(int n) {
        return n < 2 * MIN_PART ? 1 : Math.min(PARTS_PER_THREAD * exec.threads(), n / MIN_PART);
    }

    /** One part's copy of the layers, and its rows of the input and of the output gradient. */
    private record Part(Sequential net, Workspace x, Workspace dOut) {}

    private Part part(int p) {
        while (parts.size() <= p) {
            Layer[] copies = new Layer[layers.size()];
            for (int i = 0; i < copies.length; i++) {
                Layer l = layers.get(i);
                copies[i] = l instanceof Conv2d c ? c.partCopy() : l instanceof Dense d ? d.partCopy() : l.config().orElseThrow().build();
            }
            Sequential net = Sequential.of(copies);
            net.use(backend.forOnePart().orElseThrow()); // each part its own kernels: their scratch space is per instance
            parts.add(new Part(net, new Workspace(), new Workspace()));
        }
        return parts.get(p);
    }

    /** Whether {@link #forward} takes {@code x}: a batch of at least {@code 2 * MIN_PART} whose shape fits every layer. */
    boolean takes(Tensor x) {
        if (parts(x.dim(0)) < 2) return false;
        Shape s = x.shape();
        try {
            for (Layer l : layers) s = l.outputShape(s);
        } catch (convkit.tensor.ShapeException e) {
            return false; // the layer-by-layer path fails, naming the layer
        }
        outShape = s;
        return true;
    }

    /** The forward of a batch {@link #takes} took: each part's rows through its copy, into one new output. */
    Tensor forward(Tensor x) {
        int n = x.dim(0), count = parts(n);
        int[] b = new int[count + 1];
        for (int p = 0; p <= count; p++) b[p] = (int) ((long) p * n / count);
        Part[] ps = new Part[count];
        for (int p = 0; p < count; p++) ps[p] = part(p);
        Tensor y = Tensor.zeros(outShape);
        int inRow = x.size() / n, outRow = y.size() / n;
        float[] xs = x.buffer(), ys = y.buffer();
        bounds = null;
        exec.forEach(count, (p, worker) -> {
            Part part = ps[p];
            int rows = b[p + 1] - b[p];
            Tensor xp = part.x().get(rowsOf(x.shape(), rows)); // kept by the part's first layer until its backward
            System.arraycopy(xs, b[p] * inRow, xp.buffer(), 0, rows * inRow);
            Tensor yp = part.net().forwardLayers(xp);
            System.arraycopy(yp.buffer(), 0, ys, b[p] * outRow, rows * outRow);
        });
        bounds = b;
        input = x;
        return y;
    }

    /** True when the last forward took this path and {@code dOut} is a gradient for its output. */
    boolean hasForward(Tensor dOut) {
        return bounds != null && dOut.rank() >= 1 && dOut.dim(0) == input.dim(0);
    }

    /**
     * The parts' backward on their rows of {@code dOut} (input gradients; each layer with parameters
     * keeps its output gradient), then each such layer's parameter gradients for the whole batch.
     * Returns dL/dx or null.
     */
    Tensor backward(Tensor dOut, boolean inputGradient) {
        int[] b = bounds;
        int count = b.length - 1, n = input.dim(0), last = layers.size() - 1;
        Tensor dx = inputGradient ? Tensor.zeros(input.shape()) : null;
        // the whole batch's input and output gradient of each layer with parameters (layer 0's input is the batch itself)
        Tensor[] xs = new Tensor[layers.size()], gs = new Tensor[layers.size()];
        Shape[] inShapes = new Shape[layers.size()];
        Shape s = input.shape();
        for (int i = 0; i <= last; i++) {
            Layer l = layers.get(i);
            inShapes[i] = s;
            s = l.outputShape(s);
            if (l instanceof Conv2d || l instanceof Dense) {
                xs[i] = i == 0 ? input : inputs[i].get(inShapes[i]);
                gs[i] = dOuts[i].get(s);
            }
        }
        int inRow = input.size() / n, outRow = dOut.size() / n;
        float[] ds = dOut.buffer();
        exec.forEach(count, (p, worker) -> {
            Sequential part = parts.get(p).net();
            int rows = b[p + 1] - b[p];
            Tensor dp = parts.get(p).dOut().get(rowsOf(dOut.shape(), rows));
            System.arraycopy(ds, b[p] * outRow, dp.buffer(), 0, rows * outRow);
            Tensor g = part.backwardLayers(dp, inputGradient);
            if (inputGradient) System.arraycopy(g.buffer(), 0, dx.buffer(), b[p] * inRow, rows * inRow);
            for (int i = 0; i <= last; i++) {
                Layer l = part.get(i);
                Tensor pg = l instanceof Conv2d c ? c.partDOut : l instanceof Dense d ? d.partDOut : null;
                if (pg == null) continue;
                copyRows(pg, gs[i], b[p], rows);
                if (i > 0) copyRows(l instanceof Conv2d c ? c.input() : ((Dense) l).input(), xs[i], b[p], rows);
            }
        });
        for (int i = last; i >= 0; i--) { // the weight gradients, each shared out by its own kernel, in backward's order
            Layer l = layers.get(i);
            if (l instanceof Conv2d c) c.addParamGradients(gs[i], xs[i]);
            else if (l instanceof Dense d) d.addParamGradients(gs[i], xs[i]);
        }
        for (Part part : parts) clearPartGradients(part.net());
        return dx;
    }

    private static void clearPartGradients(Sequential part) {
        for (Layer l : part.layers()) {
            if (l instanceof Conv2d c) c.partDOut = null;
            else if (l instanceof Dense d) d.partDOut = null;
        }
    }

    /** The part's {@code rows} rows into rows {@code from..} of the whole batch's tensor. */
    private static void copyRows(Tensor part, Tensor whole, int from, int rows) {
        int row = whole.size() / whole.dim(0);
        System.arraycopy(part.buffer(), 0, whole.buffer(), from * row, rows * row);
    }

    private static Shape rowsOf(Shape s, int rows) {
        int[] d = s.dims();
        d[0] = rows;
        return Shape.of(d);
    }
}
