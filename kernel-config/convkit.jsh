// ConvKit start-up script: shared by `./convkit jshell` and the Java Jupyter kernel.
// It imports the public packages so the lecture's calls work as written, e.g.
//   var X = Tensor.parse("2 10 8\n5 15 20\n6 11 9");
//   Kernel2d.parse("1 8\n-5 6").correlate(X)
import convkit.tensor.*;
import convkit.conv.*;
import convkit.pool.*;
import convkit.filters.*;
import convkit.lecture.*;
import convkit.nn.*;
import convkit.data.*;
import convkit.exec.*;
import convkit.viz.*;
import convkit.train.*;
