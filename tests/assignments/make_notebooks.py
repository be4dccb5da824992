#!/usr/bin/env python3
"""Builds the notebook form of each assignment from its Java source, so the two never drift apart.

    python3 tests/assignments/make_notebooks.py

Handout  tests/assignments/handout/assignmentN/*.java   -> notebooks/assignments/assignmentN.ipynb
Solution tests/assignments/solutions/assignmentN/*.java -> tests/assignments/solutions/notebooks/assignmentN.ipynb

Each method becomes a code cell whose first line is `// GRADED: name` (the grader compiles those
cells, see convkit.grading.NotebookSource), after a markdown cell with the method's comment (the
lecture's formula), and before an ungraded "try it" cell with a lecture example.
Only the standard library is used.
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# One lecture example per method, shown in the ungraded cell after it.
TRY = {
    "correlate1d": 'Arrays.toString(correlate1d(new double[] {1, 1, 2, -1, 1, -3, 1}, new double[] {-1, 0, 1}, 1, 0))  // L03: [1, -2, -1, -2, 0]',
    "convolve1d": 'Arrays.toString(convolve1d(new double[] {1, 1, 2, -1, 1, -3, 1}, new double[] {-1, 0, 1}, 1, 0))  // L03: [-1, 2, 1, 2, 0]',
    "correlate2d": 'Arrays.deepToString(correlate2d(new double[][] {{2, 10, 8}, {5, 15, 20}, {6, 11, 9}}, new double[][] {{1, 8}, {-5, 6}}, 1, 0))  // L15: [[147, 119], [161, 174]]',
    "convolve2d": 'Arrays.deepToString(convolve2d(new double[][] {{2, 10, 8}, {5, 15, 20}, {6, 11, 9}}, new double[][] {{1, 8}, {-5, 6}}, 1, 0))  // L16: [[17, 160], [14, 87]]',
    "outputSize": 'outputSize(7, 3, 2, 0)  // L26: 3; try outputSize(7, 3, 3, 0), which must throw',
    "convParameters": 'convParameters(5, 3, 10)  // L29: 760',
    "convOutputVolume": 'Arrays.toString(convOutputVolume(32, 32, 3, 6, 5, 1, 0))  // L25: [28, 28, 6]',
    "maxPool": 'Arrays.deepToString(maxPool(new double[][] {{1, 1, 2, 0}, {0, 1, 1, 2}, {0, 0, 1, 3}, {0, 0, 1, 1}}, 2, 2))  // L20: [[1, 2], [0, 3]]',
    "avgPool": 'Arrays.deepToString(avgPool(new double[][] {{1, 1, 2, 0}, {0, 1, 1, 2}, {0, 0, 1, 3}, {0, 0, 1, 1}}, 2, 2))  // [[0.75, 1.25], [0, 1.5]]',
    "forward": 'forward(Tensor.parse("2 10 8\\n5 15 20\\n6 11 9").reshape(1, 1, 3, 3), Tensor.parse("1 8\\n-5 6").reshape(1, 1, 2, 2), Tensor.of(0), 1, 0)  // L15: 147 119 / 161 174',
    "backwardInput": 'backwardInput(Tensor.ones(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3), Tensor.parse("1 8\\n-5 6").reshape(1, 1, 2, 2), 1, 0)  // each x collects the weights of the windows it is in',
    "backwardWeights": 'backwardWeights(Tensor.ones(1, 1, 2, 2), Tensor.parse("2 10 8\\n5 15 20\\n6 11 9").reshape(1, 1, 3, 3), Tensor.zeros(1, 1, 2, 2), 1, 0)  // sums of the 2x2 windows of x',
    "backwardBias": 'backwardBias(Tensor.ones(2, 3, 4, 4))  // 2 * 4 * 4 = 32 for each of the 3 filters',
    "build": 'build(42).summary()',
    "sgdStep": 'var data = Synthetic.bars(64, 16, 1);\nvar model = build(1);\nfor (int i = 0; i < 5; i++) System.out.println(sgdStep(model, data.images(), data.labels(), 0.1));  // the loss should go down',
    "accuracy": 'accuracy(build(1), Synthetic.bars(400, 16, 2))  // about 0.25 (chance) before training',
    "train": 'var t0 = System.nanoTime();\nvar trained = train(Synthetic.bars(800, 16, 1), 7);\nSystem.out.printf("accuracy %.3f in %.1f s%n", accuracy(trained, Synthetic.bars(400, 16, 2)), (System.nanoTime() - t0) / 1e9);',
}

TITLES = {1: "Convolution and cross-correlation", 2: "Output size, parameters and pooling",
          3: "The backward pass of a conv layer", 4: "Train a small CNN"}


def javadoc_to_markdown(doc):
    lines = [re.sub(r"^\s*\*\s?", "", l) for l in doc.strip().removeprefix("/**").removesuffix("*/").splitlines()]
    out, in_code = [], False
    for l in lines:
        if l.startswith("  ") and l.strip():
            if not in_code:
                out.append("")
                in_code = True
            out.append("    " + l.strip())
        else:
            if in_code and l.strip():
                out.append("")
            in_code = False
            out.append(l.replace("{@code ", "`").replace("{@link ", "`"))
    return "\n".join(out).strip()


def members(source):
    """(javadoc, code) of each method of the top-level class, in order."""
    body = source[source.index("{", source.index("public class")) + 1: source.rindex("}")]
    result, i = [], 0
    while True:
        m = re.compile(r"(/\*\*.*?\*/\s*)?((?:public|private|protected)?\s*static[^;{=]*\([^)]*\)\s*\{)", re.S).search(body, i)
        if not m:
            return result
        depth, j = 0, m.start(2)
        while True:
            if body[j] == "{":
                depth += 1
            elif body[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        code = body[m.start(2): j + 1]
        code = re.sub(r"^(public|private|protected)?\s*static\s+", "", code)
        code = "\n".join(l[4:] if l.startswith("    ") else l for l in code.splitlines())
        result.append((m.group(1) or "", code))
        i = j + 1


def cell(kind, text, tags=None):
    c = {"cell_type": kind, "id": None, "metadata": {"tags": tags} if tags else {}, "source": text.splitlines(keepends=True)}
    if kind == "code":
        c["execution_count"] = None
        c["outputs"] = []
    return c


def notebook(n, java, handout):
    src = java.read_text(encoding="utf-8")
    head = re.search(r"/\*\*.*?\*/", src, re.S)
    imports = [l for l in src.splitlines() if l.startswith("import ")]
    cells = [cell("markdown", f"# Assignment {n}: {TITLES[n]}\n\n"
                  + ("Fill in every cell that starts with `// GRADED`. Keep the method names and parameters: the grader calls them. "
                     "Cells without that line are yours for trying things out; the grader leaves them out.\n\n"
                     "Grade the notebook (save it first):\n\n"
                     f"    ./convkit grade --assignment {n} --submission notebooks/assignments/assignment{n}.ipynb\n\n" if handout else
                     "Reference solution (teachers only; do not hand out).\n\n")
                  + javadoc_to_markdown(head.group(0)))]
    if imports:
        cells.append(cell("code", "// GRADED: imports\n" + "\n".join(imports)))
    for doc, code in members(src):
        name = re.search(r"(\w+)\s*\(", code).group(1)
        if doc:
            cells.append(cell("markdown", f"## `{name}`\n\n" + javadoc_to_markdown(doc)))
        cells.append(cell("code", f"// GRADED: {name}\n" + code))
        if name in TRY:
            cells.append(cell("code", TRY[name]))
    for k, c in enumerate(cells):
        c["id"] = f"a{n}-cell-{k + 1:02d}"
    return {"cells": cells,
            "metadata": {"kernelspec": {"display_name": "Java (ConvKit)", "language": "java", "name": "convkit-java"},
                         "language_info": {"codemirror_mode": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source",
                                           "name": "java", "pygments_lexer": "java", "version": "17"}},
            "nbformat": 4, "nbformat_minor": 5}


def write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    print("wrote", path.relative_to(ROOT))


for n in range(1, 5):
    for handout in (True, False):
        folder = ROOT / "tests" / "assignments" / ("handout" if handout else "solutions") / f"assignment{n}"
        java = next(folder.glob("*.java"))
        out = (ROOT / "notebooks/assignments" if handout else ROOT / "tests/assignments/solutions/notebooks") / f"assignment{n}.ipynb"
        write(out, notebook(n, java, handout))
