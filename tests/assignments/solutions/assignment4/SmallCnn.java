package assignment4;

import convkit.data.Batches;
import convkit.data.Dataset;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Tensor;

/** Reference solution of assignment 4 (teachers only; do not hand out). */
public class SmallCnn {

    public static Sequential build(long seed) {
        return Sequential.input(1, 16, 16)
                .conv2d(8, 3).relu().maxPool(2)      // (8, 14, 14) -> (8, 7, 7)
                .flatten().dense(4)
                .build(seed);
    }

    public static double sgdStep(Sequential model, Tensor x, int[] labels, double learningRate) {
        model.zeroGrad();
        SoftmaxCrossEntropy lossFn = new SoftmaxCrossEntropy();
        double loss = lossFn.forward(model.forward(x), labels);
        model.backward(lossFn.backward());
        for (Param p : model.params()) p.value().addi(p.grad().scale(-learningRate));
        return loss;
    }

    public static double accuracy(Sequential model, Dataset data) {
        Tensor probs = model.predict(data.images());
        int k = probs.dim(1), correct = 0;
        float[] p = probs.buffer();
        for (int n = 0; n < data.size(); n++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (p[n * k + j] > p[n * k + best]) best = j;
            if (best == data.labels()[n]) correct++;
        }
        return correct / (double) data.size();
    }

    public static Sequential train(Dataset train, long seed) {
        Sequential model = build(seed);
        for (int epoch = 0; epoch < 8; epoch++) {
            for (int[] idx : Batches.shuffled(train.size(), 32, seed, epoch)) {
                Dataset.Batch b = train.batch(idx);
                sgdStep(model, b.x(), b.y(), 0.1);
            }
        }
        return model;
    }
}
