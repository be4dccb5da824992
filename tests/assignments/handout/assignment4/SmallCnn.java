package assignment4;

import convkit.data.Batches;
import convkit.data.Dataset;
import convkit.nn.Param;
import convkit.nn.Sequential;
import convkit.nn.SoftmaxCrossEntropy;
import convkit.tensor.Tensor;

/**
 * Assignment 4: build and train a small convolutional network.
 * Lecture 6, §6.4: a CNN is conv layers (extract features, 卷积层) -> pooling (downsample, 池化层)
 * -> fully connected + softmax (classify, 全连接层).
 *
 * The data: 16x16 gray images, each holding one bar (horizontal, vertical, diagonal \ or
 * anti-diagonal /), the four classes: convkit.data.Synthetic.bars(n, 16, seed). Images come as
 * a Tensor (N, 1, 16, 16) with labels 0..3.
 *
 * Goal: train() must return a network that classifies at least 90% of NEW images correctly,
 * and training must finish within 30 seconds (it can take about 1 s).
 *
 * Tools from ConvKit (see their javadoc):
 *   Sequential.input(1, 16, 16).conv2d(filters, kernel).relu().maxPool(2).flatten().dense(4).build(seed)
 *   model.forward(x), model.backward(dScores), model.params(), model.zeroGrad(), model.predict(x)
 *   SoftmaxCrossEntropy: loss.forward(scores, labels) gives the mean loss, loss.backward() its gradient
 *   Param: p.value() the weights, p.grad() dL/dweights (backward ADDS into it)
 *   Batches.shuffled(size, batchSize, seed, epoch) gives index arrays; dataset.batch(indices) a Batch (x, y)
 * Check your work with:  ./convkit grade --assignment 4 --submission tests/assignments/handout/assignment4
 */
public class SmallCnn {

    /**
     * A small CNN for (1, 16, 16) images and 4 classes: at least one conv layer, then a pooling
     * layer, then a dense layer that gives 4 scores; at most 50,000 parameters.
     * Shape check (lecture): a 3x3 conv without padding turns 16x16 into (16 - 3)/1 + 1 = 14x14.
     */
    public static Sequential build(long seed) {
        // TODO
        throw new UnsupportedOperationException("TODO: build");
    }

    /**
     * One step of stochastic gradient descent (随机梯度下降) on one batch:
     *   1. clear old gradients (model.zeroGrad(); backward adds into p.grad()),
     *   2. scores = model.forward(x); L = mean cross-entropy of softmax(scores) against labels,
     *   3. model.backward(dL/dscores),
     *   4. every parameter: w <- w - learningRate * dL/dw.
     * Returns L, the loss before the update.
     */
    public static double sgdStep(Sequential model, Tensor x, int[] labels, double learningRate) {
        // TODO
        throw new UnsupportedOperationException("TODO: sgdStep");
    }

    /**
     * The fraction (0..1) of images whose highest score is the true label:
     *   accuracy = #{ n : argmax_k scores[n][k] == label[n] } / N.
     * Use model.predict(images) (scores as probabilities, shape (N, 4)).
     */
    public static double accuracy(Sequential model, Dataset data) {
        // TODO
        throw new UnsupportedOperationException("TODO: accuracy");
    }

    /**
     * Your training recipe: build(seed), then a few epochs of sgdStep over shuffled mini-batches.
     * Choose the number of epochs, the batch size and the learning rate.
     */
    public static Sequential train(Dataset train, long seed) {
        // TODO: for each epoch, for each int[] idx in Batches.shuffled(train.size(), batchSize, seed, epoch):
        //       Dataset.Batch b = train.batch(idx); sgdStep(model, b.x(), b.y(), learningRate);
        throw new UnsupportedOperationException("TODO: train");
    }

}
